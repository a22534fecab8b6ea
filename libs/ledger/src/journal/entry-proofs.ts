// Proofs that a revision or an event is in a block, extended by the block's proof to the digest:
// siblings in the entry's own tree, then in entriesHashList's tree, then previousBlockHash, then
// the block proof (ledger-format.md §5). foldProof(entry hash, proof) equals the digest.
import { merklePath, merkleRoot } from '../crypto';
import type { Block } from './block.types';
import { bytesEqual } from './bytes';
import { eventHash } from './entry-hashes';
import { ProofTargetNotFoundError } from './proof-target-not-found.error';

/** The proof of `documentId`'s revision in `block`, continued by `blockProof` up to a digest. */
export function revisionProof(block: Block, documentId: string, blockProof: readonly Uint8Array[]): Uint8Array[] {
  const revisions = block.revisions ?? [];
  const index = revisions.findIndex((r) => r.metadata?.id === documentId);
  if (index < 0) throw new ProofTargetNotFoundError(`revision of document ${documentId}`, block.blockAddress.sequenceNo);
  return entryProof(block, revisions.map((r) => r.hash), index, blockProof);
}

/** The proof of the block's event at `eventIndex`; it folds from eventHash(event). */
export function eventProof(block: Block, eventIndex: number, blockProof: readonly Uint8Array[]): Uint8Array[] {
  const events = block.events ?? [];
  if (!(eventIndex >= 0 && eventIndex < events.length)) {
    throw new ProofTargetNotFoundError(`event at index ${eventIndex}`, block.blockAddress.sequenceNo);
  }
  return entryProof(block, events.map(eventHash), eventIndex, blockProof);
}

function entryProof(block: Block, leaves: Uint8Array[], index: number, blockProof: readonly Uint8Array[]): Uint8Array[] {
  const root = merkleRoot(leaves);
  const entryIndex = block.entriesHashList.findIndex((entry) => bytesEqual(entry, root));
  if (entryIndex < 0) throw new ProofTargetNotFoundError('entry matching its recomputed root', block.blockAddress.sequenceNo);
  return [
    ...merklePath(leaves, index),
    ...merklePath(block.entriesHashList, entryIndex),
    ...(block.previousBlockHash.length ? [block.previousBlockHash] : []),
    ...blockProof,
  ];
}
