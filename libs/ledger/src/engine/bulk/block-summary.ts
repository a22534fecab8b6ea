// What verify()'s checks after a block's own hashes read of the block (verification/block-checks.ts:
// the chain, the tree leaf, the stored columns, the revision rows, the replay of catalog documents,
// the records of redactions, redacted events, data keys and tables), as plain values: strings,
// numbers and hashes. The block's inspection makes it where the block was decoded (in the calling
// thread or in a worker), so the calling thread reads the summary instead of decoding the block
// again. Of a block whose shape the inspection found sound every value here has the type written,
// so a structured clone carries it unchanged; a block found malformed is summarized in the calling
// thread from the block itself, whatever its fields hold.
import { isPlainObject } from '../../ion';
import { isRedactedEvent, type Block, type ChainedBlock } from '../../journal';
import { CATALOG_TABLE_ID } from '../catalog';
import { DATA_KEY_FIELD } from '../field-encryption';
import { timeText } from '../journal-rows';

/** A document of transactionInfo.documents: its id, table id and table name (whatever value the header holds). */
export interface SummarizedDocument {
  id: string;
  tableId: string;
  tableName: unknown;
}

/**
 * A revision with metadata: its document id and version, the table id transactionInfo gives that
 * document and, for a table's catalog document (which the replay keeps), H(data) (its dataHash when
 * redacted, null when it has neither).
 */
export interface SummarizedRevision {
  id: string;
  version: number;
  tableId: string | undefined;
  dataHash?: Uint8Array | null;
}

/** What redactionInfo names, each field only when it has the type the checks take. */
export interface SummarizedRedaction {
  documentId?: string;
  /** blockAddress.sequenceNo of the redacted revision or event. */
  sequenceNo?: number;
  version?: number;
  eventIndex?: number;
}

/** The subject's data key a block creates or shreds (transactionInfo.dataKey). */
export interface SummarizedDataKey {
  subject: string;
  keyId: string;
  action: 'CREATE' | 'SHRED';
}

export interface BlockSummary extends ChainedBlock {
  /** blockTimestamp as the block_time column holds it. */
  time: string;
  /** transactionInfo.documents, in its order. */
  documents: SummarizedDocument[];
  /** Each revision by position; null for a system revision (no metadata). */
  revisions: (SummarizedRevision | null)[];
  /** transactionInfo's statements. */
  statements: string[];
  redaction?: SummarizedRedaction;
  /** The positions of the events whose payload is redacted. */
  redactedEvents: number[];
  dataKey?: SummarizedDataKey;
}

/** The summary of `block`, `dataHashes` H(data) of its revisions by position; it may throw on a block the inspection found malformed. */
export function blockSummary(block: Block, dataHashes: readonly (Uint8Array | null)[]): BlockSummary {
  const { strandId, sequenceNo } = block.blockAddress;
  const documents = block.transactionInfo.documents;
  const redaction = redactionOf(block.redactionInfo);
  const dataKey = dataKeyOf(block.transactionInfo[DATA_KEY_FIELD]);
  return {
    blockAddress: { strandId, sequenceNo },
    blockHash: block.blockHash,
    previousBlockHash: block.previousBlockHash,
    time: timeText(block.blockTimestamp),
    documents: Object.entries(documents).map(([id, { tableId, tableName }]) => ({ id, tableId, tableName })),
    revisions: (block.revisions ?? []).map(({ metadata }, i) => (metadata ? summarizedRevision(metadata.id, metadata.version, documents[metadata.id]?.tableId, dataHashes[i]) : null)),
    statements: (block.transactionInfo.statements ?? []).map(({ statement }) => statement),
    ...(redaction ? { redaction } : {}),
    redactedEvents: (block.events ?? []).flatMap((event, i) => (isRedactedEvent(event) ? [i] : [])),
    ...(dataKey ? { dataKey } : {}),
  };
}

function summarizedRevision(id: string, version: number, tableId: string | undefined, dataHash: Uint8Array | null | undefined): SummarizedRevision {
  return tableId === CATALOG_TABLE_ID ? { id, version, tableId, dataHash: dataHash ?? null } : { id, version, tableId };
}

function redactionOf(info: unknown): SummarizedRedaction | undefined {
  if (!isPlainObject(info)) return undefined;
  const address = info.blockAddress;
  const { documentId, version, eventIndex } = info;
  return {
    ...(typeof documentId === 'string' ? { documentId } : {}),
    ...(isPlainObject(address) && typeof address.sequenceNo === 'number' ? { sequenceNo: address.sequenceNo } : {}),
    ...(typeof version === 'number' ? { version } : {}),
    ...(typeof eventIndex === 'number' ? { eventIndex } : {}),
  };
}

function dataKeyOf(record: unknown): SummarizedDataKey | undefined {
  if (!isPlainObject(record) || typeof record.subject !== 'string' || typeof record.keyId !== 'string') return undefined;
  const action = record.action === 'CREATE' || record.action === 'SHRED' ? record.action : undefined;
  return action ? { subject: record.subject, keyId: record.keyId, action } : undefined;
}

/**
 * Whether a structured clone carries the summary of a sound block unchanged: every value but the
 * table names has its type by the block's shape; a table name that is an object (an Ion wrapper
 * value) is not carried.
 */
export function clonesFaithfully(summary: BlockSummary): boolean {
  return summary.documents.every(({ tableName }) => tableName === null || typeof tableName !== 'object');
}
