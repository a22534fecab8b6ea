// The saved-proof file: a revision, an event or a block bound to its block and proven to a digest,
// a (signed) digest, or a consistency proof between two digests, as one Ion text struct a user
// stores and verifies later offline (`ledger verify-proof`). A revision or event proof carries the
// block's header with the block's other entries reduced to their hashes (other revisions to their
// metadata and dataHash), so that the verifier re-derives every hash from the leaf to the digest
// (proof-file-verifier.ts). Parsing checks the shape and throws InvalidProofFileError.
import { fromIon, isPlainObject, ionHash, toIon, type IonStructObject, type IonValue } from '../ion';
import type { Block, BlockAddress, JournalEvent, Revision } from './block.types';
import { isHash } from './bytes';
import { eventHash } from './entry-hashes';
import { InvalidProofFileError } from './invalid-proof-file.error';
import { ProofTargetNotFoundError } from './proof-target-not-found.error';

/** The value of the `format` field every proof file carries. */
export const PROOF_FILE_FORMAT = 'nestjs-ledger.proof.v2';

/** The parts of a block that hash to its blockHash, without its content: what a proof needs of the tip block. */
export type BlockHeader = Pick<
  Block,
  'blockAddress' | 'transactionId' | 'blockTimestamp' | 'blockHash' | 'entriesHash' | 'previousBlockHash' | 'entriesHashList'
>;

/** The tip block's header and its inclusion proof: binds the digest's tip address when the header entry commits it. */
export interface TipEvidence {
  block: BlockHeader;
  proof: Uint8Array[];
}

interface ProofFileBase {
  /** The digest's tip as the file claims it; verified through `tip` or a signed checkpoint. */
  digestTipAddress: BlockAddress;
  /** The digest the proof leads to; verification compares it with the trusted one. */
  digest: Uint8Array;
  /** A C2SP signed checkpoint note over `digest`, when the ledger signs its digests. */
  signedDigest?: string;
  tip?: TipEvidence;
}

/** A block whose revisions other than the proven one carry only metadata and dataHash, and whose events are left out. */
export type RevisionProofFile = ProofFileBase & {
  kind: 'revision';
  block: Block;
  revisionIndex: number;
  eventHashes: Uint8Array[];
  /** The inclusion proof of block.blockHash at its sequenceNo in the tree of the digest. */
  proof: Uint8Array[];
};
export type EventProofFile = ProofFileBase & {
  kind: 'event';
  block: Block;
  event: JournalEvent;
  eventIndex: number;
  eventHashes: Uint8Array[];
  proof: Uint8Array[];
};
export type BlockProofFile = ProofFileBase & { kind: 'block'; block: Block; proof: Uint8Array[] };
export type DigestProofFile = ProofFileBase & { kind: 'digest' };
export type ConsistencyProofFile = ProofFileBase & {
  kind: 'consistency';
  oldTipAddress: BlockAddress;
  oldDigest: Uint8Array;
  /** The consistency proof from the old digest's tree to the digest's. */
  proof: Uint8Array[];
};

export type ProofFile = RevisionProofFile | EventProofFile | BlockProofFile | DigestProofFile | ConsistencyProofFile;
export type ProofFileKind = ProofFile['kind'];

/** A block with its inclusion proof, as Ledger.getBlock returns it. */
export interface ProvenBlockLike {
  block: Block;
  /** The inclusion proof of block.blockHash (Ledger.getBlock's `proof`). */
  proof: Uint8Array[];
  digestTipAddress: BlockAddress;
}

/** The digest a proof leads to, as Ledger.getDigest / getSignedDigest return it, with the tip's evidence when known. */
export interface DigestLike {
  digest: Uint8Array;
  digestTipAddress: BlockAddress;
  /** The signed note of a signed digest. */
  note?: string;
  /** The tip block's header and inclusion proof (Ledger.getTipProof). */
  tip?: TipEvidence;
}

/** The revision of `documentId` in the proven block, bound to the block, as proof-file Ion text. */
export function revisionProofFile(proven: ProvenBlockLike, documentId: string, digest: DigestLike): string {
  const revisions = proven.block.revisions ?? [];
  const revisionIndex = revisions.findIndex((r) => r.metadata?.id === documentId);
  if (revisionIndex < 0) throw new ProofTargetNotFoundError(`revision of document ${documentId}`, proven.block.blockAddress.sequenceNo);
  const block = { ...withoutEvents(proven.block), revisions: revisions.map((r, i) => (i === revisionIndex ? r : reducedRevision(r))) };
  const eventHashes = (proven.block.events ?? []).map(eventHash);
  return formatProofFile({ kind: 'revision', block, revisionIndex, eventHashes, proof: proven.proof, ...digestFields(proven.digestTipAddress, digest) });
}

/** The block's event at `eventIndex`, bound to the block, as proof-file Ion text. */
export function eventProofFile(proven: ProvenBlockLike, eventIndex: number, digest: DigestLike): string {
  const events = proven.block.events ?? [];
  if (!(Number.isSafeInteger(eventIndex) && eventIndex >= 0 && eventIndex < events.length)) {
    throw new ProofTargetNotFoundError(`event at index ${eventIndex}`, proven.block.blockAddress.sequenceNo);
  }
  const block = { ...withoutEvents(proven.block), revisions: (proven.block.revisions ?? []).map(reducedRevision) };
  const file: EventProofFile = {
    kind: 'event',
    block,
    event: events[eventIndex],
    eventIndex,
    eventHashes: events.map(eventHash),
    proof: proven.proof,
    ...digestFields(proven.digestTipAddress, digest),
  };
  return formatProofFile(file);
}

/** A whole block with its proof, as proof-file Ion text. */
export function blockProofFile(proven: ProvenBlockLike, digest: DigestLike): string {
  return formatProofFile({ kind: 'block', block: proven.block, proof: proven.proof, ...digestFields(proven.digestTipAddress, digest) });
}

/** A digest (signed when it carries a note), as proof-file Ion text. */
export function digestProofFile(digest: DigestLike): string {
  return formatProofFile({ kind: 'digest', ...digestFields(digest.digestTipAddress, digest) });
}

/** The proof that `digest` extends the older digest, as proof-file Ion text. */
export function consistencyProofFile(old: LedgerDigestLike, proof: Uint8Array[], digest: DigestLike): string {
  const file: ConsistencyProofFile = {
    kind: 'consistency',
    oldTipAddress: { ...old.digestTipAddress },
    oldDigest: old.digest,
    proof,
    ...digestFields(digest.digestTipAddress, digest),
  };
  return formatProofFile(file);
}

type LedgerDigestLike = Pick<DigestLike, 'digest' | 'digestTipAddress'>;

function withoutEvents(block: Block): Block {
  const { events: _events, ...rest } = block;
  return rest;
}

/** Another revision of the block as a proof carries it: metadata and the hash of its data, no data. */
function reducedRevision(revision: Revision): Revision {
  if (revision.data === undefined) return revision;
  const { data, ...rest } = revision;
  return { ...rest, dataHash: ionHash(data) };
}

function digestFields(tip: BlockAddress, digest: DigestLike): ProofFileBase {
  if (tip.sequenceNo !== digest.digestTipAddress.sequenceNo || tip.strandId !== digest.digestTipAddress.strandId) {
    throw new InvalidProofFileError(`the digest is at block ${digest.digestTipAddress.sequenceNo}, the proof at block ${tip.sequenceNo}`, digest);
  }
  return {
    digestTipAddress: { ...tip },
    digest: digest.digest,
    ...(digest.note ? { signedDigest: digest.note } : {}),
    ...(digest.tip ? { tip: digest.tip } : {}),
  };
}

/** A proof file as Ion text (one struct, ending with a newline). */
export function formatProofFile(file: ProofFile): string {
  return `${toIon({ format: PROOF_FILE_FORMAT, ...file } as unknown as IonValue, 'text')}\n`;
}

/** Reads proof-file Ion text; throws InvalidProofFileError naming what is missing or malformed. */
export function parseProofFile(text: string | Uint8Array): ProofFile {
  let value: IonValue;
  try {
    value = fromIon(text);
  } catch (error) {
    throw new InvalidProofFileError(`the proof file is not Ion text (${(error as Error).message})`);
  }
  if (!isPlainObject(value) || value.format !== PROOF_FILE_FORMAT) {
    throw new InvalidProofFileError(`the proof file must be a struct with format: "${PROOF_FILE_FORMAT}"`, isPlainObject(value) ? value.format : value);
  }
  const base = parseBase(value);
  switch (value.kind) {
    case 'revision':
      return { kind: 'revision', ...base, ...parseBlockContext(value), revisionIndex: parseIndex(value.revisionIndex, 'revisionIndex'), proof: parseHashes(value.proof, 'proof') };
    case 'event':
      return {
        kind: 'event',
        ...base,
        ...parseBlockContext(value),
        event: parseStruct(value.event, 'event'),
        eventIndex: parseIndex(value.eventIndex, 'eventIndex'),
        proof: parseHashes(value.proof, 'proof'),
      };
    case 'block':
      return { kind: 'block', ...base, block: parseStruct(value.block, 'block') as unknown as Block, proof: parseHashes(value.proof, 'proof') };
    case 'digest':
      return { kind: 'digest', ...base };
    case 'consistency':
      return {
        kind: 'consistency',
        ...base,
        oldTipAddress: parseAddress(value.oldTipAddress, 'oldTipAddress'),
        oldDigest: parseHash(value.oldDigest, 'oldDigest'),
        proof: parseHashes(value.proof, 'proof'),
      };
    default:
      throw new InvalidProofFileError('kind must be "revision", "event", "block", "digest" or "consistency"', value.kind);
  }
}

function parseBase(value: IonStructObject): ProofFileBase {
  if (value.signedDigest !== undefined && typeof value.signedDigest !== 'string') {
    throw new InvalidProofFileError('signedDigest must be the signed note as a string', value.signedDigest);
  }
  return {
    digestTipAddress: parseAddress(value.digestTipAddress, 'digestTipAddress'),
    digest: parseHash(value.digest, 'digest'),
    ...(value.signedDigest === undefined ? {} : { signedDigest: value.signedDigest }),
    ...(value.tip === undefined ? {} : { tip: parseTip(value.tip) }),
  };
}

function parseBlockContext(value: IonStructObject): { block: Block; eventHashes: Uint8Array[] } {
  return { block: parseStruct(value.block, 'block') as unknown as Block, eventHashes: parseHashes(value.eventHashes, 'eventHashes') };
}

function parseTip(value: IonValue): TipEvidence {
  const tip = parseStruct(value, 'tip');
  return { block: parseStruct(tip.block, 'tip.block') as unknown as BlockHeader, proof: parseHashes(tip.proof, 'tip.proof') };
}

function parseAddress(value: IonValue | undefined, name: string): BlockAddress {
  if (!isPlainObject(value) || typeof value.strandId !== 'string' || !Number.isSafeInteger(value.sequenceNo) || (value.sequenceNo as number) < 0) {
    throw new InvalidProofFileError(`${name} must be { strandId: <string>, sequenceNo: <non-negative int> }`, value);
  }
  return { strandId: value.strandId, sequenceNo: value.sequenceNo as number };
}

function parseStruct(value: IonValue | undefined, name: string): IonStructObject {
  if (!isPlainObject(value)) throw new InvalidProofFileError(`${name} must be a struct`, value);
  return value;
}

function parseIndex(value: IonValue | undefined, name: string): number {
  if (!Number.isSafeInteger(value) || (value as number) < 0) throw new InvalidProofFileError(`${name} must be a non-negative int`, value);
  return value as number;
}

function parseHash(value: IonValue | undefined, name: string): Uint8Array {
  if (!isHash(value)) throw new InvalidProofFileError(`${name} must be a 32-byte blob`, value);
  return value;
}

function parseHashes(value: IonValue | undefined, name: string): Uint8Array[] {
  if (!Array.isArray(value) || !value.every(isHash)) throw new InvalidProofFileError(`${name} must be a list of 32-byte blobs`, value);
  return value as Uint8Array[];
}
