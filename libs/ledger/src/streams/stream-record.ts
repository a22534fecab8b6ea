// The records a journal stream carries, in the shapes of QLDB's journal streams (ledger-format.md
// §6): a BLOCK_SUMMARY per block, a REVISION_DETAILS per revision, and (ours) an EVENT per entry of
// the block's events. Every record has a position in one total order over the whole journal:
// { sequenceNo of its block, index within the block }, where index 0 is the block's summary,
// 1..R its R revisions in order, and R+1..R+E its E events in order. Payloads are Ion values
// (object type aliases, so that toIon takes them as they are).
import { InvalidArgumentError } from '../errors';
import type { Block, BlockAddress, JournalEvent, Revision } from '../journal';

export type StreamRecordType = 'BLOCK_SUMMARY' | 'REVISION_DETAILS' | 'EVENT';

export const STREAM_RECORD_TYPES: readonly StreamRecordType[] = ['BLOCK_SUMMARY', 'REVISION_DETAILS', 'EVENT'];

/** Where a record sits in the stream: its block, then its index in the block (summary 0, revisions, events). */
export interface StreamPosition {
  sequenceNo: number;
  index: number;
}

export type RevisionSummary = {
  hash: Uint8Array;
  /** Absent for a revision that carries only its hash. */
  documentId?: string;
};

/** A block without its revisions (its events included), and the hash and document of each revision in order. */
export type BlockSummary = Omit<Block, 'revisions'> & { revisionSummaries: RevisionSummary[] };

export type RevisionDetails = {
  /** Absent for a revision that carries only its hash. */
  tableInfo?: { tableName: string; tableId: string };
  revision: Revision;
};

export type EventDetails = {
  blockAddress: BlockAddress;
  transactionId: string;
  /** The event's index in its block's events entry (its EventPosition's index). */
  eventIndex: number;
  event: JournalEvent;
};

interface RecordOf<T extends StreamRecordType, P> {
  recordType: T;
  payload: P;
  position: StreamPosition;
}

export type BlockSummaryRecord = RecordOf<'BLOCK_SUMMARY', BlockSummary>;
export type RevisionDetailsRecord = RecordOf<'REVISION_DETAILS', RevisionDetails>;
export type EventRecord = RecordOf<'EVENT', EventDetails>;
export type StreamRecord = BlockSummaryRecord | RevisionDetailsRecord | EventRecord;

/** The records of `block` of the wanted types, in position order, from index `fromIndex` on. */
export function blockRecords(block: Block, kinds: ReadonlySet<StreamRecordType>, fromIndex = 0): StreamRecord[] {
  const sequenceNo = block.blockAddress.sequenceNo;
  const revisions = block.revisions ?? [];
  const records: StreamRecord[] = [];
  const at = (index: number) => index >= fromIndex;
  if (kinds.has('BLOCK_SUMMARY') && at(0)) records.push({ recordType: 'BLOCK_SUMMARY', payload: blockSummary(block), position: { sequenceNo, index: 0 } });
  if (kinds.has('REVISION_DETAILS')) {
    revisions.forEach((revision, i) => {
      if (at(1 + i)) records.push({ recordType: 'REVISION_DETAILS', payload: revisionDetails(block, revision), position: { sequenceNo, index: 1 + i } });
    });
  }
  if (kinds.has('EVENT')) {
    (block.events ?? []).forEach((event, i) => {
      const index = 1 + revisions.length + i;
      if (at(index)) records.push({ recordType: 'EVENT', payload: eventDetails(block, event, i), position: { sequenceNo, index } });
    });
  }
  return records;
}

/** QLDB's BLOCK_SUMMARY: the block's fields in QLDB's order, its events, and its revisions' summaries. */
export function blockSummary(block: Block): BlockSummary {
  const { revisions = [], ...rest } = block;
  return {
    blockAddress: rest.blockAddress,
    transactionId: rest.transactionId,
    blockTimestamp: rest.blockTimestamp,
    blockHash: rest.blockHash,
    entriesHash: rest.entriesHash,
    previousBlockHash: rest.previousBlockHash,
    entriesHashList: rest.entriesHashList,
    transactionInfo: rest.transactionInfo,
    ...(rest.redactionInfo ? { redactionInfo: rest.redactionInfo } : {}),
    ...(rest.events ? { events: rest.events } : {}),
    revisionSummaries: revisions.map((r) => (r.metadata ? { hash: r.hash, documentId: r.metadata.id } : { hash: r.hash })),
  };
}

function revisionDetails(block: Block, revision: Revision): RevisionDetails {
  const document = revision.metadata && block.transactionInfo.documents[revision.metadata.id];
  return document ? { tableInfo: { tableName: document.tableName, tableId: document.tableId }, revision } : { revision };
}

function eventDetails(block: Block, event: JournalEvent, eventIndex: number): EventDetails {
  return { blockAddress: block.blockAddress, transactionId: block.transactionId, eventIndex, event };
}

/**
 * The block a consumer rebuilds from its BLOCK_SUMMARY and its REVISION_DETAILS records (in
 * position order), ready for verifyBlock.
 */
export function rebuildBlock(summary: BlockSummary, revisions: readonly RevisionDetails[]): Block {
  const { revisionSummaries, ...block } = summary;
  if (revisions.length !== revisionSummaries.length) {
    throw new InvalidArgumentError(`block ${summary.blockAddress.sequenceNo} has ${revisionSummaries.length} revisions, not ${revisions.length}`, revisions);
  }
  return revisions.length ? { ...block, revisions: revisions.map((r) => r.revision) } : block;
}
