// Verifies a proof file offline against what the auditor trusts: a digest obtained elsewhere (and
// its tip, when known) and/or the ledger's public key with the expected origin. Every claim is bound
// to the digest or reported as a claim: the leaf recomputes from its content, stands at its position
// in its block, the block's entries recompute exactly (binding `header`), the block hash is the leaf
// at its sequenceNo in the tree of the digest's size (index- and length-checked), and the tip address
// is bound by the tip block's header entry or by a signed checkpoint. Problems are returned in the
// order the checks run, each with its own code; malformed files throw InvalidProofFileError.
import { dot, encodeBase64, foldProof, merkleRoot, verifyConsistency, verifyInclusion, verifySignedDigest, type Ed25519KeyInput, type LedgerCheckpoint } from '../crypto';
import { isPlainObject } from '../ion';
import type { Block, BlockAddress, JournalEvent } from './block.types';
import { inspectBlock, type EntriesBinding } from './block-verifier';
import { bytesEqual, isHash } from './bytes';
import { eventHash, headerEntryHash, revisionHash } from './entry-hashes';
import { redactedEventProblem } from './redacted-event';
import { MissingTrustedDigestError } from './missing-trusted-digest.error';
import { parseProofFile, type BlockHeader, type ProofFile, type TipEvidence } from './proof-file';
import type { VerificationProblemCode } from './verification-result';

/** What the verifier trusts, obtained elsewhere than from the proof file. */
export interface ProofTrust {
  /** The digest you trust (for a consistency proof: the older digest you hold). */
  digest?: Uint8Array;
  /** The tip sequenceNo of the trusted digest, when it came with one (QLDB's GetDigest gives it). */
  tipSequenceNo?: number;
  /** The ledger's Ed25519 public key (PEM, KeyObject or C2SP verifier key): trusts the file's signed digest. */
  publicKey?: Ed25519KeyInput;
  /** The origin a signed digest must name (`<ledger>/<strandId>`); without it the note's own claim is taken, with a warning. */
  origin?: string;
  /**
   * Accept blocks whose entries do not commit their header: QLDB's blocks (checked by membership, as
   * QLDB's verifiers do) and blocks written before the header entry existed. Their sequenceNo,
   * strand, transaction id and time are then claims, reported as warnings.
   */
  allowUnboundBlocks?: boolean;
}

export type ProofFileProblemCode =
  | 'REVISION_HASH_MISMATCH'
  | 'EVENT_HASH_MISMATCH'
  | 'ENTRY_NOT_IN_BLOCK'
  | 'BLOCK_INVALID'
  | 'BLOCK_UNBOUND'
  | 'BLOCK_NOT_IN_TREE'
  | 'STRAND_MISMATCH'
  | 'TIP_INVALID'
  | 'TIP_MISMATCH'
  | 'CONSISTENCY_MISMATCH'
  | 'DIGEST_MISMATCH'
  | 'SIGNATURE_MISSING'
  | 'SIGNATURE_INVALID'
  | 'CHECKPOINT_MISMATCH'
  | 'ORIGIN_MISMATCH';

export interface ProofFileProblem {
  code: ProofFileProblemCode;
  message: string;
  /** The block verifier's code, for BLOCK_INVALID. */
  detail?: VerificationProblemCode;
}

/** The claims of the file that the checks bound to the trusted digest or key. */
export interface VerifiedClaims {
  /** The digest's tip sequenceNo, bound by the tip block's header entry, the trusted tip or the signed tree size. */
  tipSequenceNo?: number;
  /** The strand, bound by a header entry. */
  strandId?: string;
  /** The origin of the signed checkpoint, checked against the expected one when given. */
  origin?: string;
  /** The proven block's address, transaction id and time, bound by its header entry. */
  block?: Pick<Block, 'blockAddress' | 'transactionId' | 'blockTimestamp'>;
}

export interface ProofFileVerification {
  valid: boolean;
  file: ProofFile;
  problems: ProofFileProblem[];
  /** What the file claims that the checks bound (everything else it says is only its claim). */
  verified: VerifiedClaims;
  /** Weaker forms accepted on request, and claims taken from the file. */
  warnings: string[];
  /** How the proven block's entries bind it (revision, event and block proofs). */
  binding?: EntriesBinding;
  /** The checkpoint of the signed digest, when a public key verified it. */
  checkpoint?: LedgerCheckpoint;
}

/**
 * Verifies a proof file offline. Throws InvalidProofFileError for a malformed file and
 * MissingTrustedDigestError when `trust` gives neither a digest nor a public key.
 */
export function verifyProofFile(file: string | Uint8Array | ProofFile, trust: ProofTrust): ProofFileVerification {
  if (trust.digest === undefined && trust.publicKey === undefined) throw new MissingTrustedDigestError();
  if (trust.digest !== undefined && !isHash(trust.digest)) throw new MissingTrustedDigestError(trust.digest);
  const parsed = typeof file === 'string' || file instanceof Uint8Array ? parseProofFile(file) : file;
  const run = new Run(parsed, trust);
  run.checkContent();
  run.checkTip();
  run.checkTrust();
  run.noteClaims();
  return run.result();
}

/**
 * QLDB's own check, for proofs in QLDB's shape (a hash and a list of sibling hashes): the fold of
 * the proof from the hash equals the digest. Weaker than verifyProofFile: QLDB's `dot` is
 * commutative and does not tell leaves from nodes, so it proves only that some node of the journal
 * has that hash, not that the hash is the revision, block or position claimed (docs/proofs.md).
 */
export function foldsToDigest(hash: Uint8Array, proof: readonly Uint8Array[], digest: Uint8Array): boolean {
  return bytesEqual(foldProof(hash, proof), digest);
}

class Run {
  readonly problems: ProofFileProblem[] = [];
  readonly verified: VerifiedClaims = {};
  readonly warnings: string[] = [];
  binding?: EntriesBinding;
  checkpoint?: LedgerCheckpoint;

  constructor(
    readonly file: ProofFile,
    readonly trust: ProofTrust,
  ) {}

  fail(code: ProofFileProblemCode, message: string, detail?: VerificationProblemCode): void {
    this.problems.push({ code, message, ...(detail ? { detail } : {}) });
  }

  result(): ProofFileVerification {
    return {
      valid: this.problems.length === 0,
      file: this.file,
      problems: this.problems,
      verified: this.problems.length === 0 ? this.verified : {},
      warnings: this.warnings,
      ...(this.binding ? { binding: this.binding } : {}),
      ...(this.checkpoint ? { checkpoint: this.checkpoint } : {}),
    };
  }

  /** The leaf, its block, and the block in the tree. */
  checkContent(): void {
    const file = this.file;
    if (file.kind === 'digest') return;
    if (file.kind === 'consistency') return this.checkConsistency(file);
    if (file.kind === 'revision') this.checkRevisionLeaf(file.block, file.revisionIndex);
    if (file.kind === 'event') this.checkEventLeaf(file.event, file.eventIndex, file.eventHashes, file.block);
    const eventHashes = file.kind === 'block' ? undefined : file.eventHashes;
    if (this.problems.length || !this.checkBlock(file.block, eventHashes)) return;
    this.checkInclusion(file.block, file.proof);
  }

  private checkRevisionLeaf(block: Block, index: number): void {
    const revision = Array.isArray(block.revisions) ? block.revisions[index] : undefined;
    if (!isPlainObject(revision) || !isPlainObject(revision.metadata) || !isHash(revision.hash)) {
      return this.fail('ENTRY_NOT_IN_BLOCK', `the block has no revision with metadata at revisionIndex ${index}`);
    }
    if (!bytesEqual(safeHash(() => revisionHash(revision)), revision.hash)) {
      const { id, version } = revision.metadata;
      this.fail('REVISION_HASH_MISMATCH', `the revision of document ${String(id)} version ${String(version)} does not hash to its hash: its data or metadata was altered`);
    }
  }

  private checkEventLeaf(event: JournalEvent, index: number, hashes: Uint8Array[], block: Block): void {
    if (block.events !== undefined) return this.fail('ENTRY_NOT_IN_BLOCK', 'an event proof carries the block\'s events as eventHashes only');
    if (index >= hashes.length) return this.fail('ENTRY_NOT_IN_BLOCK', `eventIndex ${index} is past the block's ${hashes.length} event(s)`);
    const malformed = redactedEventProblem(event);
    if (malformed) return this.fail('EVENT_HASH_MISMATCH', `the event cannot be hashed: ${malformed}`);
    if (!bytesEqual(safeHash(() => eventHash(event)), hashes[index])) {
      this.fail('EVENT_HASH_MISMATCH', `the event does not hash to the block's event hash at index ${index}: it was altered or stands at another position`);
    }
  }

  /** The block's own hashes and how tightly its entries bind it; true when it may be placed in the tree. */
  private checkBlock(block: Block, eventHashes: readonly Uint8Array[] | undefined): boolean {
    const { problems: found, binding } = inspectBlock(block, eventHashes);
    for (const p of found) this.fail('BLOCK_INVALID', `block ${p.sequenceNo ?? '?'}: ${p.message}`, p.code);
    if (!binding) return false;
    this.binding = binding;
    if (this.binding === 'header') {
      this.verified.block = { blockAddress: { ...block.blockAddress }, transactionId: block.transactionId, blockTimestamp: block.blockTimestamp };
      this.verified.strandId = block.blockAddress.strandId;
      return true;
    }
    const what = this.binding === 'exact' ? 'was written before blocks committed their header' : 'is a QLDB block, checked by membership of its entries only';
    if (!this.trust.allowUnboundBlocks) {
      this.fail('BLOCK_UNBOUND', `the block ${what}: its sequenceNo, strand, transaction id and time are not committed (allow unbound blocks to accept it as a claim)`);
      return false;
    }
    this.warnings.push(`the block ${what}: its sequenceNo ${block.blockAddress.sequenceNo}, strand, transaction id and time are the file's claims`);
    return true;
  }

  private checkInclusion(block: Block, proof: readonly Uint8Array[]): void {
    const tip = this.file.digestTipAddress;
    const { strandId, sequenceNo } = block.blockAddress;
    if (strandId !== tip.strandId) return this.fail('STRAND_MISMATCH', `the block is on strand ${strandId}, the digest on ${tip.strandId}`);
    if (sequenceNo > tip.sequenceNo || !verifyInclusion(block.blockHash, sequenceNo, tip.sequenceNo + 1, proof, this.file.digest)) {
      this.fail('BLOCK_NOT_IN_TREE', `the proof does not lead from block ${sequenceNo}'s hash, as leaf ${sequenceNo} of ${tip.sequenceNo + 1}, to the digest at block ${tip.sequenceNo}`);
    }
  }

  private checkConsistency(file: Extract<ProofFile, { kind: 'consistency' }>): void {
    const [oldTip, newTip] = [file.oldTipAddress, file.digestTipAddress];
    if (oldTip.strandId !== newTip.strandId) return this.fail('STRAND_MISMATCH', `the old digest is on strand ${oldTip.strandId}, the new one on ${newTip.strandId}`);
    const consistent = oldTip.sequenceNo <= newTip.sequenceNo && verifyConsistency(file.oldDigest, oldTip.sequenceNo + 1, file.digest, newTip.sequenceNo + 1, file.proof);
    if (!consistent) {
      this.fail('CONSISTENCY_MISMATCH', `the proof does not show that the digest at block ${newTip.sequenceNo} extends the digest at block ${oldTip.sequenceNo}`);
    }
  }

  /** The tip address: bound by the tip block's header entry (or the proven block when it is the tip). */
  checkTip(): void {
    const file = this.file;
    const provenIsTip = (file.kind === 'block' || file.kind === 'revision' || file.kind === 'event') && this.binding === 'header';
    const tip = file.tip ?? (provenIsTip ? sameAsTip(file.block, file) : undefined);
    if (tip === undefined) return;
    const problem = tipProblem(tip, file.digestTipAddress, file.digest);
    if (problem === UNCOMMITTED_TIP && this.trust.allowUnboundBlocks) return;
    if (problem) return this.fail('TIP_INVALID', problem);
    this.verified.tipSequenceNo = file.digestTipAddress.sequenceNo;
    this.verified.strandId = file.digestTipAddress.strandId;
  }

  /** Warns of the tip address when nothing bound it. */
  noteClaims(): void {
    const tip = this.file.digestTipAddress;
    if (this.verified.tipSequenceNo === undefined) this.warnings.push(`the digest's tip (block ${tip.sequenceNo}) is the file's claim: pass the tip your digest is at to check it`);
    if (this.verified.strandId === undefined) this.warnings.push(`the strand ${tip.strandId} is the file's claim`);
  }

  /** The digest against the trusted one, the tip against the trusted tip, and the signature. */
  checkTrust(): void {
    const file = this.file;
    const [trustedDigest, trustedTip] = file.kind === 'consistency' ? [file.oldDigest, file.oldTipAddress.sequenceNo] : [file.digest, file.digestTipAddress.sequenceNo];
    const which = file.kind === 'consistency' ? "the file's old digest" : "the file's digest";
    if (this.trust.digest !== undefined && !bytesEqual(this.trust.digest, trustedDigest)) {
      this.fail('DIGEST_MISMATCH', `${which} ${encodeBase64(trustedDigest)} is not the trusted digest ${encodeBase64(this.trust.digest)}`);
    }
    if (this.trust.tipSequenceNo !== undefined) {
      if (this.trust.tipSequenceNo !== trustedTip) this.fail('TIP_MISMATCH', `${which} is at block ${trustedTip}, the trusted digest at block ${this.trust.tipSequenceNo}`);
      else if (file.kind !== 'consistency') this.verified.tipSequenceNo = trustedTip;
    }
    if (this.trust.publicKey !== undefined) this.checkSignature(this.trust.publicKey);
  }

  private checkSignature(publicKey: Ed25519KeyInput): void {
    const file = this.file;
    if (file.signedDigest === undefined) return this.fail('SIGNATURE_MISSING', 'the file carries no signed digest to check against the public key');
    let checkpoint: LedgerCheckpoint;
    try {
      checkpoint = verifySignedDigest(file.signedDigest, publicKey, this.trust.origin === undefined ? {} : { origin: this.trust.origin });
    } catch (error) {
      const code = (error as { code?: string }).code === 'ORIGIN_MISMATCH' ? 'ORIGIN_MISMATCH' : 'SIGNATURE_INVALID';
      return this.fail(code, (error as Error).message);
    }
    this.checkpoint = checkpoint;
    if (!bytesEqual(checkpoint.digest, file.digest) || checkpoint.treeSize !== file.digestTipAddress.sequenceNo + 1) {
      const message = `the signed checkpoint (tree size ${checkpoint.treeSize}, digest ${encodeBase64(checkpoint.digest)}) is not the file's digest at block ${file.digestTipAddress.sequenceNo}`;
      return this.fail('CHECKPOINT_MISMATCH', message);
    }
    if (!checkpoint.origin.endsWith(`/${file.digestTipAddress.strandId}`)) {
      this.warnings.push(`the signed checkpoint's origin ${checkpoint.origin} does not name the digest's strand ${file.digestTipAddress.strandId}`);
    }
    this.verified.origin = checkpoint.origin;
    this.verified.tipSequenceNo = checkpoint.treeSize - 1;
    this.verified.strandId = file.digestTipAddress.strandId;
    if (this.trust.origin === undefined) this.warnings.push(`the origin ${checkpoint.origin} is the signed note's own claim: pass the origin you expect to check it`);
  }
}

/** The proven block as the tip's evidence, when it is the tip and its header entry commits it. */
function sameAsTip(block: Block, file: { digestTipAddress: BlockAddress; proof: Uint8Array[] }): TipEvidence | undefined {
  if (block.blockAddress?.sequenceNo !== file.digestTipAddress.sequenceNo) return undefined;
  return { block, proof: file.proof };
}

const UNCOMMITTED_TIP = 'the tip block does not commit its address (it has no header entry)';

/** Why the tip evidence does not bind the digest's tip address, or undefined when it does. */
function tipProblem(tip: TipEvidence, address: BlockAddress, digest: Uint8Array): string | undefined {
  const header = tip.block;
  if (!isHeaderShaped(header)) return 'the tip block header is malformed';
  if (header.blockAddress.strandId !== address.strandId || header.blockAddress.sequenceNo !== address.sequenceNo) {
    return `the tip block is block ${header.blockAddress.sequenceNo} on strand ${header.blockAddress.strandId}, not the digest's tip ${address.sequenceNo} on ${address.strandId}`;
  }
  const list = header.entriesHashList;
  const committed = list.length > 0 && bytesEqual(list[list.length - 1], safeHash(() => headerEntryHash(header)));
  if (!committed) return UNCOMMITTED_TIP;
  if (!bytesEqual(merkleRoot(list), header.entriesHash) || !bytesEqual(dot(header.entriesHash, header.previousBlockHash), header.blockHash)) {
    return 'the tip block header does not hash to its blockHash';
  }
  if (!verifyInclusion(header.blockHash, address.sequenceNo, address.sequenceNo + 1, tip.proof, digest)) {
    return `the tip block is not the last leaf of the tree of ${address.sequenceNo + 1} blocks that the digest is the root of`;
  }
  return undefined;
}

function isHeaderShaped(header: BlockHeader): boolean {
  return (
    isPlainObject(header) &&
    isPlainObject(header.blockAddress) &&
    typeof header.blockAddress.strandId === 'string' &&
    Number.isSafeInteger(header.blockAddress.sequenceNo) &&
    typeof header.transactionId === 'string' &&
    isHash(header.blockHash) &&
    isHash(header.entriesHash) &&
    header.previousBlockHash instanceof Uint8Array &&
    [0, 32].includes(header.previousBlockHash.length) &&
    Array.isArray(header.entriesHashList) &&
    header.entriesHashList.every(isHash)
  );
}

/** A hash of attacker-shaped input, or the empty hash when the input cannot be hashed. */
function safeHash(compute: () => Uint8Array): Uint8Array {
  try {
    return compute();
  } catch {
    return new Uint8Array(0);
  }
}
