// Checkpoint witnesses: places outside the operator's control where a ledger's signed checkpoints
// are appended, so that a later rewrite or truncation of the journal is caught by verify(). The
// interface any witness implements, the check a witness makes before appending (the new checkpoint
// must extend its last one, shown by a consistency proof), and the reading of a witness's entries
// as trusted checkpoints for verify(). FileCheckpointWitness is the built-in one.
import { hashesEqual, OriginMismatchError, SignatureError, verifyConsistency, verifySignedDigest, type LedgerCheckpoint } from '../crypto';
import { CheckpointRefusedError } from './errors/checkpoint-refused.error';
import { WitnessUnreadableError } from './errors/witness-unreadable.error';
import type { CheckpointSubmission, CheckpointWitness, LedgerProblem, TrustAnchors, TrustedCheckpoint } from './verification-types';

/** The last entry of `notes` that verifies with the witness's key and origin; undefined when none does. */
export function lastWitnessed(notes: readonly string[], witness: Pick<CheckpointWitness, 'publicKey' | 'origin'>): LedgerCheckpoint | undefined {
  for (let i = notes.length - 1; i >= 0; i--) {
    const checkpoint = verifiedOrUndefined(notes[i], witness);
    if (checkpoint) return checkpoint;
  }
  return undefined;
}

/**
 * The checkpoint in `submission` when a witness whose last checkpoint is `last` must append it;
 * undefined when it repeats `last` (nothing to append). Throws SignatureError or
 * OriginMismatchError for a note that does not verify, CheckpointRefusedError when it does not
 * extend `last`.
 */
export function checkSubmission(witness: CheckpointWitness, last: LedgerCheckpoint | undefined, submission: CheckpointSubmission): LedgerCheckpoint | undefined {
  const checkpoint = verifySignedDigest(submission.note, witness.publicKey, { origin: witness.origin });
  const lastSize = last?.treeSize ?? 0;
  if (submission.oldSize !== lastSize) {
    throw new CheckpointRefusedError(witness.name, `its last checkpoint has ${lastSize} blocks, the proof starts from ${submission.oldSize}: read it again`);
  }
  if (last === undefined) return checkpoint;
  if (checkpoint.treeSize < last.treeSize) {
    throw new CheckpointRefusedError(witness.name, `it has ${checkpoint.treeSize} blocks, fewer than the ${last.treeSize} of the last checkpoint held`);
  }
  if (!verifyConsistency(last.digest, last.treeSize, checkpoint.digest, checkpoint.treeSize, submission.proof)) {
    throw new CheckpointRefusedError(witness.name, `it does not extend the last checkpoint held (${last.treeSize} blocks): the consistency proof fails`);
  }
  return checkpoint.treeSize === last.treeSize && hashesEqual(checkpoint.digest, last.digest) ? undefined : checkpoint;
}

/** The witness's entries as trusted checkpoints; an entry that does not verify is a problem. A witness holding none is a WitnessUnreadableError. */
export async function witnessAnchors(witness: CheckpointWitness): Promise<TrustAnchors> {
  const notes = await witness.read();
  if (notes.length === 0) throw new WitnessUnreadableError(witness.name, 'holds no checkpoint to verify against');
  const anchors: TrustAnchors = { checkpoints: [], problems: [] };
  notes.forEach((note, i) => {
    const source = `entry ${i + 1} of the witness ${witness.name}`;
    const entry = verifiedEntry(note, witness, source);
    if ('code' in entry) anchors.problems.push(entry);
    else anchors.checkpoints.push(entry);
  });
  return anchors;
}

function verifiedEntry(note: string, witness: CheckpointWitness, source: string): TrustedCheckpoint | LedgerProblem {
  try {
    const { digest, treeSize } = verifySignedDigest(note, witness.publicKey, { origin: witness.origin });
    return { digest, tipSequenceNo: treeSize - 1, source };
  } catch (error) {
    if (error instanceof OriginMismatchError) return { code: 'CHECKPOINT_ORIGIN_MISMATCH', message: `${source}: ${error.message}` };
    if (error instanceof SignatureError) return { code: 'CHECKPOINT_SIGNATURE_INVALID', message: `${source} is not a checkpoint signed by the ledger's key: ${error.message}` };
    throw error;
  }
}

function verifiedOrUndefined(note: string, witness: Pick<CheckpointWitness, 'publicKey' | 'origin'>): LedgerCheckpoint | undefined {
  try {
    return verifySignedDigest(note, witness.publicKey, { origin: witness.origin });
  } catch (error) {
    if (error instanceof OriginMismatchError || error instanceof SignatureError) return undefined;
    throw error;
  }
}
