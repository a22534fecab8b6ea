// Builds a complete journal block from a transaction's statements, revisions and events, chained to
// the previous block (ledger-format.md §4). Pure: the caller supplies ids and the timestamp.
import { dot, merkleRoot } from '../crypto';
import type { IonStructObject, IonValue } from '../ion';
import type { Block, BlockAddress, DocumentInfo, JournalEvent, Revision, TransactionInfo } from './block.types';
import { entriesHashList, revisionHash, statementDigest, statementDigestOfHashes } from './entry-hashes';

/** A statement as executed: its text (with `?` placeholders) and its parameters. */
export interface StatementInput {
  statement: string;
  parameters?: readonly IonValue[];
  /** H(p) of each parameter, when already known (saves hashing the parameters again). */
  parameterHashes?: readonly Uint8Array[];
  startTime: Date;
}

/** The new revision of one document; `data` absent means the document was deleted. */
export interface RevisionInput {
  tableName: string;
  tableId: string;
  documentId: string;
  version: number;
  data?: IonStructObject;
  /** H(data), when already known. */
  dataHash?: Uint8Array;
  /** Indexes into the block's statements of those that changed this document. */
  statements: number[];
}

export interface BlockInput {
  strandId: string;
  /** The block this one chains to; null for the genesis block (sequenceNo 0). */
  previous: { sequenceNo: number; blockHash: Uint8Array } | null;
  transactionId: string;
  timestamp: Date;
  statements: readonly StatementInput[];
  revisions?: readonly RevisionInput[];
  events?: readonly JournalEvent[];
  /** Further fields recorded in transactionInfo (e.g. a command's correlation id). */
  transactionExtras?: IonStructObject;
}

/** The complete block, with every hash computed. */
export function buildBlock(input: BlockInput): Block {
  const blockAddress: BlockAddress = {
    strandId: input.strandId,
    sequenceNo: input.previous ? input.previous.sequenceNo + 1 : 0,
  };
  const revisions = (input.revisions ?? []).map((r) => buildRevision(r, blockAddress, input));
  const block: Omit<Block, 'blockHash' | 'entriesHash' | 'entriesHashList'> = {
    blockAddress,
    transactionId: input.transactionId,
    blockTimestamp: input.timestamp,
    previousBlockHash: input.previous?.blockHash ?? new Uint8Array(0),
    transactionInfo: buildTransactionInfo(input),
    ...(revisions.length ? { revisions } : {}),
    ...(input.events?.length ? { events: [...input.events] } : {}),
  };
  const entries = entriesHashList(block);
  const entriesHash = merkleRoot(entries);
  return {
    ...block,
    blockHash: dot(entriesHash, block.previousBlockHash),
    entriesHash,
    entriesHashList: entries,
  };
}

function buildTransactionInfo(input: BlockInput): TransactionInfo {
  const documents: Record<string, DocumentInfo> = {};
  for (const r of input.revisions ?? []) {
    documents[r.documentId] = { tableName: r.tableName, tableId: r.tableId, statements: r.statements };
  }
  return {
    ...input.transactionExtras,
    statements: input.statements.map((s) => ({
      statement: s.statement,
      startTime: s.startTime,
      statementDigest: s.parameterHashes
        ? statementDigestOfHashes(s.statement, s.parameterHashes)
        : statementDigest(s.statement, s.parameters),
    })),
    documents,
  };
}

function buildRevision(input: RevisionInput, blockAddress: BlockAddress, block: BlockInput): Revision {
  const metadata = { id: input.documentId, version: input.version, txTime: block.timestamp, txId: block.transactionId };
  const revision: Revision = { blockAddress: { ...blockAddress }, hash: new Uint8Array(0), ...(input.data ? { data: input.data } : {}), metadata };
  revision.hash = input.data && input.dataHash ? revisionHash({ metadata, dataHash: input.dataHash }) : revisionHash(revision);
  return revision;
}
