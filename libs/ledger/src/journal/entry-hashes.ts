// The hashes of a block's entries (ledger-format.md §4): revisions, statements, events, the block's
// own header, and the entriesHashList that ties them to the block hash.
import { dot, merkleRoot } from '../crypto';
import { ionHash, type IonStructObject, type IonValue } from '../ion';
import type { Block, JournalEvent, Revision, RevisionMetadata } from './block.types';
import { isRedactedEvent, redactedEventHash } from './redacted-event';

/**
 * A revision's hash: dot(H(metadata), H(data)); dataHash stands for data when redacted; H(metadata)
 * when deleted. `dataHashOfData` is H(data) when the caller already has it.
 */
export function revisionHash(revision: Pick<Revision, 'metadata' | 'data' | 'dataHash'>, dataHashOfData?: Uint8Array): Uint8Array {
  const metadataHash = ionHash(revision.metadata as RevisionMetadata);
  if (revision.data !== undefined) return dot(metadataHash, dataHashOfData ?? ionHash(revision.data));
  if (revision.dataHash !== undefined) return dot(metadataHash, revision.dataHash);
  return metadataHash;
}

/** H(statement) folded with H(p) of each parameter in order. */
export function statementDigest(statement: string, parameters: readonly IonValue[] = []): Uint8Array {
  return statementDigestOfHashes(statement, parameters.map(ionHash));
}

/** statementDigest from the parameters' hashes H(p), when the caller already has them. */
export function statementDigestOfHashes(statement: string, parameterHashes: readonly Uint8Array[]): Uint8Array {
  let digest = ionHash(statement);
  for (const hash of parameterHashes) digest = dot(digest, hash);
  return digest;
}

/**
 * The hash of one event entry, H(event); a redacted event's is recomputed from its kept fields and
 * its payload's digest. A digest on another field is left for the shape checks to refuse (it then
 * hashes as the annotated value it is).
 */
export function eventHash(event: JournalEvent): Uint8Array {
  return isRedactedEvent(event) ? redactedEventHash(event) : ionHash(event);
}

/** The header fields that QLDB's hashes leave out, which the header entry commits to. */
export type BlockHeaderFields = Pick<Block, 'blockAddress' | 'transactionId' | 'blockTimestamp'>;

/**
 * The header entry (ours): H({blockAddress: {strandId, sequenceNo}, transactionId, blockTimestamp}),
 * the last entry of every block this library writes, so that the block hash commits to the block's
 * position, strand, transaction and time. QLDB's hashes commit to none of these: a block without
 * the entry is numbered only by where it is found.
 */
export function headerEntryHash(header: BlockHeaderFields): Uint8Array {
  const { strandId, sequenceNo } = header.blockAddress;
  return ionHash({ blockAddress: { strandId, sequenceNo }, transactionId: header.transactionId, blockTimestamp: header.blockTimestamp });
}

/** The entries of a block in our order: revisions root, H(transactionInfo), events root, H(redactionInfo), then the header entry. */
export function entriesHashList(block: BlockHeaderFields & Pick<Block, 'transactionInfo' | 'revisions' | 'events' | 'redactionInfo'>): Uint8Array[] {
  const entries = entriesHashListOf(block.revisions ?? [], ionHash(block.transactionInfo), (block.events ?? []).map(eventHash), block.redactionInfo);
  return [...entries, headerEntryHash(block)];
}

/** entriesHashList from a block's parts, H(transactionInfo) already computed, without the header entry. */
export function entriesHashListOf(
  revisions: readonly Pick<Revision, 'hash'>[],
  transactionInfoHash: Uint8Array,
  eventHashes: readonly Uint8Array[],
  redactionInfo?: IonStructObject,
): Uint8Array[] {
  const entries: Uint8Array[] = [];
  if (revisions.length) entries.push(merkleRoot(revisions.map((r) => r.hash)));
  entries.push(transactionInfoHash);
  if (eventHashes.length) entries.push(merkleRoot(eventHashes));
  if (redactionInfo !== undefined) entries.push(ionHash(redactionInfo));
  return entries;
}
