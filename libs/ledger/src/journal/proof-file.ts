// The saved-proof file: a revision or a block with its proof to a digest, or a (signed) digest, as
// one Ion text struct a user stores and verifies later offline (`ledger verify-proof`). Parsing
// checks the shape and throws InvalidProofFileError; verification recomputes every hash against a
// digest the verifier trusts (given, or taken from a note signed by a key it trusts) and reports
// what broke.
import type { KeyObject } from 'node:crypto';
import { foldProof, verifySignedDigest, type LedgerCheckpoint } from '../crypto';
import { fromIon, isPlainObject, toIon, type IonStructObject, type IonValue } from '../ion';
import type { Block, BlockAddress, Revision } from './block.types';
import { blockProblems } from './block-verifier';
import { bytesEqual, isHash } from './bytes';
import { revisionHash } from './entry-hashes';
import { InvalidProofFileError } from './invalid-proof-file.error';
import { MissingTrustedDigestError } from './missing-trusted-digest.error';

/** The value of the `format` field every proof file carries. */
export const PROOF_FILE_FORMAT = 'nestjs-ledger.proof.v1';

interface ProofFileBase {
  digestTipAddress: BlockAddress;
  /** The digest the proof folds to when it was saved; verification compares it with the trusted one. */
  digest: Uint8Array;
  /** A C2SP signed checkpoint note over `digest`, when the ledger signs its digests. */
  signedDigest?: string;
}

export type ProofFile =
  | (ProofFileBase & { kind: 'revision'; revision: Revision; proof: Uint8Array[] })
  | (ProofFileBase & { kind: 'block'; block: Block; proof: Uint8Array[] })
  | (ProofFileBase & { kind: 'digest' });

/** What `Ledger.getRevision` / `getBlock` / `getDigest` / `getSignedDigest` return, as far as a proof file needs. */
export interface ProvenRevisionLike {
  revision: Revision;
  proof: Uint8Array[];
  digestTipAddress: BlockAddress;
}
export interface ProvenBlockLike {
  block: Block;
  proof: Uint8Array[];
  digestTipAddress: BlockAddress;
}
export interface DigestLike {
  digest: Uint8Array;
  digestTipAddress: BlockAddress;
  /** The signed note of a signed digest. */
  note?: string;
}

/** A revision with its proof, as proof-file Ion text; `digest` is the digest at the proof's tip. */
export function revisionProofFile(proven: ProvenRevisionLike, digest: DigestLike): string {
  return formatProofFile({ kind: 'revision', revision: proven.revision, proof: proven.proof, ...digestFields(proven.digestTipAddress, digest) });
}

/** A block with its proof, as proof-file Ion text; `digest` is the digest at the proof's tip. */
export function blockProofFile(proven: ProvenBlockLike, digest: DigestLike): string {
  return formatProofFile({ kind: 'block', block: proven.block, proof: proven.proof, ...digestFields(proven.digestTipAddress, digest) });
}

/** A digest (signed when it carries a note), as proof-file Ion text. */
export function digestProofFile(digest: DigestLike): string {
  return formatProofFile({ kind: 'digest', ...digestFields(digest.digestTipAddress, digest) });
}

function digestFields(tip: BlockAddress, digest: DigestLike): ProofFileBase {
  if (tip.sequenceNo !== digest.digestTipAddress.sequenceNo || tip.strandId !== digest.digestTipAddress.strandId) {
    throw new InvalidProofFileError(`the digest is at block ${digest.digestTipAddress.sequenceNo}, the proof at block ${tip.sequenceNo}`, digest);
  }
  return { digestTipAddress: { ...tip }, digest: digest.digest, ...(digest.note ? { signedDigest: digest.note } : {}) };
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
    throw new InvalidProofFileError(`the proof file must be a struct with format: "${PROOF_FILE_FORMAT}"`, value);
  }
  const base = parseBase(value);
  switch (value.kind) {
    case 'revision':
      return { kind: 'revision', ...base, revision: parseRevision(value.revision), proof: parseProof(value.proof) };
    case 'block':
      if (!isPlainObject(value.block)) throw new InvalidProofFileError('block must be a struct');
      return { kind: 'block', ...base, block: value.block as unknown as Block, proof: parseProof(value.proof) };
    case 'digest':
      return { kind: 'digest', ...base };
    default:
      throw new InvalidProofFileError('kind must be "revision", "block" or "digest"', value.kind);
  }
}

function parseBase(value: IonStructObject): ProofFileBase {
  const tip = value.digestTipAddress as IonStructObject | undefined;
  if (!isPlainObject(tip) || typeof tip.strandId !== 'string' || !Number.isSafeInteger(tip.sequenceNo) || (tip.sequenceNo as number) < 0) {
    throw new InvalidProofFileError('digestTipAddress must be { strandId: <string>, sequenceNo: <int> }', tip);
  }
  if (!isHash(value.digest)) throw new InvalidProofFileError('digest must be a 32-byte blob', value.digest);
  if (value.signedDigest !== undefined && typeof value.signedDigest !== 'string') {
    throw new InvalidProofFileError('signedDigest must be the signed note as a string', value.signedDigest);
  }
  return {
    digestTipAddress: { strandId: tip.strandId, sequenceNo: tip.sequenceNo as number },
    digest: value.digest,
    ...(value.signedDigest === undefined ? {} : { signedDigest: value.signedDigest }),
  };
}

function parseRevision(value: IonValue | undefined): Revision {
  const revision = value as Revision | undefined;
  const metadata = revision?.metadata as IonStructObject | undefined;
  if (!isPlainObject(revision) || !isHash(revision.hash) || !isPlainObject(metadata) || typeof metadata.id !== 'string') {
    throw new InvalidProofFileError('revision must be a struct with hash, metadata {id, version, txTime, txId} and data (or dataHash)', value);
  }
  return revision;
}

function parseProof(value: IonValue | undefined): Uint8Array[] {
  if (!Array.isArray(value) || !value.every(isHash)) throw new InvalidProofFileError('proof must be a list of 32-byte blobs', value);
  return value as Uint8Array[];
}

/** What the verifier trusts: a digest it obtained itself, and/or the key the ledger signs digests with. */
export interface ProofTrust {
  /** The digest at the proof's tip, obtained from the ledger or a trusted party. */
  digest?: Uint8Array;
  /** The ledger's Ed25519 public key (PEM, KeyObject or C2SP verifier key): trusts the file's signed digest. */
  publicKey?: KeyObject | string;
}

export type ProofFileProblemCode =
  | 'REVISION_HASH_MISMATCH'
  | 'BLOCK_INVALID'
  | 'PROOF_MISMATCH'
  | 'DIGEST_MISMATCH'
  | 'SIGNATURE_MISSING'
  | 'SIGNATURE_INVALID'
  | 'CHECKPOINT_MISMATCH';

export interface ProofFileProblem {
  code: ProofFileProblemCode;
  message: string;
}

export interface ProofFileVerification {
  valid: boolean;
  file: ProofFile;
  problems: ProofFileProblem[];
  /** The checkpoint of the signed digest, when a public key verified it. */
  checkpoint?: LedgerCheckpoint;
}

/**
 * Verifies a proof file offline: the revision or block hashes recompute, the proof folds to the
 * file's digest, and that digest is the trusted one (`trust.digest`) and/or carries a valid
 * signature by `trust.publicKey` for the same tree size. Throws InvalidProofFileError for a
 * malformed file and MissingTrustedDigestError when `trust` gives nothing to trust.
 */
export function verifyProofFile(file: string | Uint8Array | ProofFile, trust: ProofTrust): ProofFileVerification {
  if (trust.digest === undefined && trust.publicKey === undefined) throw new MissingTrustedDigestError();
  if (trust.digest !== undefined && !isHash(trust.digest)) throw new MissingTrustedDigestError(trust.digest);
  const parsed = typeof file === 'string' || file instanceof Uint8Array ? parseProofFile(file) : file;
  const problems = [...contentProblems(parsed)];
  if (trust.digest !== undefined && !bytesEqual(trust.digest, parsed.digest)) {
    problems.push({ code: 'DIGEST_MISMATCH', message: `the file's digest ${base64(parsed.digest)} is not the trusted digest ${base64(trust.digest)}` });
  }
  const signature = trust.publicKey === undefined ? undefined : signatureCheck(parsed, trust.publicKey);
  if (signature?.problem) problems.push(signature.problem);
  return { valid: problems.length === 0, file: parsed, problems, ...(signature?.checkpoint ? { checkpoint: signature.checkpoint } : {}) };
}

/** The revision's or block's own hashes, and the fold of its proof onto the file's digest. */
function contentProblems(file: ProofFile): ProofFileProblem[] {
  if (file.kind === 'digest') return [];
  const problems: ProofFileProblem[] = [];
  let leaf: Uint8Array;
  if (file.kind === 'revision') {
    leaf = file.revision.hash;
    if (!bytesEqual(revisionHash(file.revision), leaf)) {
      const { id, version } = file.revision.metadata!;
      problems.push({ code: 'REVISION_HASH_MISMATCH', message: `revision of document ${id} version ${version} does not hash to its hash: its data or metadata was altered` });
    }
  } else {
    leaf = file.block.blockHash;
    for (const p of blockProblems(file.block)) problems.push({ code: 'BLOCK_INVALID', message: `block ${p.sequenceNo ?? '?'}: ${p.message} (${p.code})` });
    if (!isHash(leaf)) return problems;
  }
  if (!bytesEqual(foldProof(leaf, file.proof), file.digest)) {
    problems.push({ code: 'PROOF_MISMATCH', message: `the proof does not lead from the ${file.kind}'s hash to the digest at block ${file.digestTipAddress.sequenceNo}` });
  }
  return problems;
}

function signatureCheck(file: ProofFile, publicKey: KeyObject | string): { problem?: ProofFileProblem; checkpoint?: LedgerCheckpoint } {
  if (file.signedDigest === undefined) return { problem: { code: 'SIGNATURE_MISSING', message: 'the file carries no signed digest to check against the public key' } };
  let checkpoint: LedgerCheckpoint;
  try {
    checkpoint = verifySignedDigest(file.signedDigest, publicKey);
  } catch (error) {
    return { problem: { code: 'SIGNATURE_INVALID', message: (error as Error).message } };
  }
  if (!bytesEqual(checkpoint.digest, file.digest) || checkpoint.treeSize !== file.digestTipAddress.sequenceNo + 1) {
    const message = `the signed checkpoint (tree size ${checkpoint.treeSize}, digest ${base64(checkpoint.digest)}) is not the file's digest at block ${file.digestTipAddress.sequenceNo}`;
    return { problem: { code: 'CHECKPOINT_MISMATCH', message }, checkpoint };
  }
  return { checkpoint };
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}
