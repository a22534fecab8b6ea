// Verification against digests kept elsewhere: the stored journal must extend every trusted digest
// (one the auditor holds, a signed checkpoint, or a witness's entries). For each, the consistency
// proof from the trusted tree size to the stored tip is computed from the stored tree nodes and
// checked with the trusted digest, as an offline auditor would check it; verify() has already
// compared those nodes with the blocks. A journal that ends before a trusted tip was TRUNCATED; one
// that does not extend a trusted digest was REWRITTEN, which plain verify() cannot see when the
// rewrite was consistent. What this protects against and what it cannot: docs/threat-model.md.
import type { KeyObject } from 'node:crypto';
import { computeConsistencyProof, computeDigest, consistencyProofNodes, digestNodes, HASH_LENGTH, treeNodeSourceOf, verifyConsistency, verifySignedDigest } from '../crypto';
import { describeValue, LedgerError } from '../errors';
import { isDatabaseDamage, selectLastSequenceNo, selectTreeNodes, StorageError, type SqlQuery } from '../storage';
import { witnessAnchors } from './checkpoint-witness';
import { InvalidArgumentError } from './errors';
import type { CheckedCheckpoint, LedgerProblem, LedgerVerification, TrustAnchors, TrustedCheckpoint, TrustedDigest, TrustedLedgerVerification, VerifyOptions } from './verification-types';

/** The checkpoints of `options.trusted` and `options.witness`, read and checked before the journal is. */
export async function trustAnchors(options: Pick<VerifyOptions, 'trusted' | 'witness'>, ledgerOrigin: string): Promise<TrustAnchors> {
  const anchors: TrustAnchors = { checkpoints: [], problems: [] };
  if (options.trusted !== undefined) anchors.checkpoints.push(trustedCheckpoint(options.trusted, ledgerOrigin));
  if (options.witness !== undefined) {
    const witnessed = await witnessAnchors(options.witness);
    anchors.checkpoints = anchors.checkpoints.concat(witnessed.checkpoints); // no spread: a witness may hold more entries than one call takes
    anchors.problems = anchors.problems.concat(witnessed.problems);
  }
  return anchors;
}

/** The checkpoint of `trusted`, checked now: InvalidArgumentError for a malformed one, SignatureError or OriginMismatchError for a note that does not verify. */
export function trustedCheckpoint(trusted: TrustedDigest, ledgerOrigin: string): TrustedCheckpoint {
  if (typeof trusted !== 'object' || trusted === null) {
    throw new InvalidArgumentError(`options.trusted must be { digest, tipSequenceNo } or { signedDigest, publicKey, origin? }; got ${describeValue(trusted)}`, undefined);
  }
  if ('signedDigest' in trusted && 'digest' in trusted) {
    throw new InvalidArgumentError('options.trusted takes either { digest, tipSequenceNo } or { signedDigest, publicKey }, not both', undefined);
  }
  return 'signedDigest' in trusted ? signedCheckpoint(trusted, ledgerOrigin) : plainCheckpoint(trusted);
}

function plainCheckpoint(trusted: { digest: Uint8Array; tipSequenceNo: number }): TrustedCheckpoint {
  const { digest, tipSequenceNo } = trusted;
  if (!(digest instanceof Uint8Array && digest.length === HASH_LENGTH)) {
    throw new InvalidArgumentError(`options.trusted.digest must be a 32-byte hash; got ${describeValue(digest)}`, digest);
  }
  if (!(Number.isSafeInteger(tipSequenceNo) && tipSequenceNo >= 0)) {
    throw new InvalidArgumentError(`options.trusted.tipSequenceNo must be the sequenceNo of the digest's tip block; got ${describeValue(tipSequenceNo)}`, tipSequenceNo);
  }
  return { digest, tipSequenceNo, source: 'the trusted digest' };
}

function signedCheckpoint(trusted: { signedDigest: string; publicKey: KeyObject | string; origin?: string }, ledgerOrigin: string): TrustedCheckpoint {
  if (typeof trusted.signedDigest !== 'string') {
    throw new InvalidArgumentError(`options.trusted.signedDigest must be a signed checkpoint note; got ${describeValue(trusted.signedDigest)}`, undefined);
  }
  const checkpoint = verifySignedDigest(trusted.signedDigest, trusted.publicKey, { origin: trusted.origin ?? ledgerOrigin });
  return { digest: checkpoint.digest, tipSequenceNo: checkpoint.treeSize - 1, source: `the signed checkpoint for ${checkpoint.origin}` };
}

/**
 * `verification` with the trust checks added: each checkpoint of `anchors` in turn, the journal
 * must extend it. Stops at the first problem unless `all` (and does not start when verify() found
 * one already).
 */
export async function checkTrust(query: SqlQuery, verification: LedgerVerification, anchors: TrustAnchors, all: boolean): Promise<TrustedLedgerVerification> {
  const problems = [...verification.problems];
  const checkpoints: CheckedCheckpoint[] = [];
  const done = () => !all && problems.length > 0;
  for (const problem of anchors.problems) if (!done()) problems.push(problem);
  try {
    const storedTip = await selectLastSequenceNo(query);
    for (const checkpoint of anchors.checkpoints) {
      if (done()) break;
      const problem = await extensionProblem(query, checkpoint, storedTip, checkpoints);
      checkpoints.push({ ...checkpoint, extended: problem === undefined });
      if (problem) problems.push(problem);
    }
  } catch (error) {
    if (!isDatabaseDamage(error)) throw asLedgerError(error);
    problems.push({ code: 'DATABASE_CORRUPT', message: `the database cannot be read: ${(error as Error).message}` });
  }
  return { ...verification, valid: problems.length === 0, problems, checkpoints };
}

/** Why the stored journal (ending at `storedTip`) does not extend `checkpoint`; undefined when it does. */
async function extensionProblem(query: SqlQuery, checkpoint: TrustedCheckpoint, storedTip: number, checked: readonly CheckedCheckpoint[]): Promise<LedgerProblem | undefined> {
  const { digest, tipSequenceNo: trustedTip, source } = checkpoint;
  if (trustedTip > storedTip) {
    const kept = storedTip < 0 ? 'holds no block' : `ends at block ${storedTip}`;
    const cut = trustedTip === storedTip + 1 ? `block ${trustedTip} was` : `blocks ${storedTip + 1}..${trustedTip} were`;
    return { code: 'TRUNCATED', message: `the journal ${kept}, but ${source} (${base64(digest)}) covers blocks 0..${trustedTip}: ${cut} cut off`, sequenceNo: storedTip + 1 };
  }
  const stored = await storedDigests(query, trustedTip + 1, storedTip + 1);
  if (stored !== undefined && verifyConsistency(digest, trustedTip + 1, stored.newDigest, storedTip + 1, stored.proof)) return undefined;
  const from = firstPossiblyRewritten(checked, trustedTip);
  const found = stored === undefined ? 'the stored tree lacks the nodes to show it, or holds malformed ones' : `the stored journal's digest at block ${trustedTip} is ${base64(stored.oldDigest)}`;
  return {
    code: 'REWRITTEN',
    message: `the journal does not extend ${source} (${base64(digest)} at block ${trustedTip}): ${found}; history was rewritten in blocks ${from}..${trustedTip}`,
    sequenceNo: trustedTip,
  };
}

/** The first block a rewrite found at `trustedTip` can start at: after the latest smaller checkpoint the journal extends. */
function firstPossiblyRewritten(checked: readonly CheckedCheckpoint[], trustedTip: number): number {
  const below = checked.filter((c) => c.extended && c.tipSequenceNo < trustedTip).map((c) => c.tipSequenceNo + 1);
  return Math.max(0, ...below);
}

/** The stored tree's digests at `oldSize` and `newSize` leaves and the consistency proof between them; undefined when nodes are missing. */
async function storedDigests(query: SqlQuery, oldSize: number, newSize: number) {
  const nodes = await selectTreeNodes(query, [...digestNodes(oldSize), ...digestNodes(newSize), ...consistencyProofNodes(oldSize, newSize)]);
  const source = treeNodeSourceOf(nodes);
  try {
    return { oldDigest: computeDigest(source, oldSize), newDigest: computeDigest(source, newSize), proof: computeConsistencyProof(source, oldSize, newSize) };
  } catch (error) {
    if (error instanceof LedgerError) return undefined; // a missing or malformed node: verify() reports the tree
    throw error;
  }
}

/** A failure of the database as a StorageError; the ledger's own errors as they are. */
function asLedgerError(error: unknown): unknown {
  if (error instanceof LedgerError) return error;
  return new StorageError(`verify() cannot read the database: ${(error as Error).message}`, undefined, error);
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}
