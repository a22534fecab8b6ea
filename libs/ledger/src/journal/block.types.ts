// The journal block and its parts, in QLDB's shape (ledger-format.md §4). These are plain Ion
// values: `toIon(block)` writes a block exactly as an export or a stream record carries it.
import type { IonStructObject, IonValue, Timestamp } from '../ion';

/** Where a block sits in the journal: one strand per ledger, sequenceNo from 0 (genesis). */
export type BlockAddress = {
  strandId: string;
  sequenceNo: number;
};

/** A revision's metadata: exactly these four fields are hashed. Versions start at 0. */
export type RevisionMetadata = {
  id: string;
  version: number;
  txTime: Date | Timestamp;
  txId: string;
};

/**
 * A document revision as the journal holds it. `data` is absent for a deleted document; a redacted
 * revision carries `dataHash` (= H(data)) instead of `data`. QLDB's internal system revisions carry
 * only `hash`.
 */
export type Revision = {
  blockAddress?: BlockAddress;
  hash: Uint8Array;
  data?: IonStructObject;
  dataHash?: Uint8Array;
  metadata?: RevisionMetadata;
};

/** One statement of the transaction, with the digest of its text and parameters. */
export type StatementInfo = {
  statement: string;
  startTime: Date | Timestamp;
  statementDigest: Uint8Array;
};

/** Which table a changed document belongs to, and which statements (indexes) changed it. */
export type DocumentInfo = {
  tableName: string;
  tableId: string;
  statements: number[];
};

/** The transaction's statements and changed documents; further fields (command metadata) may follow. */
export type TransactionInfo = {
  statements: StatementInfo[];
  documents: Record<string, DocumentInfo>;
  [extra: string]: IonValue | undefined;
};

/** An event raised by a command (ours): an Ion struct hashed as a further entry of its block. */
export type JournalEvent = IonStructObject;

export type Block = {
  blockAddress: BlockAddress;
  transactionId: string;
  blockTimestamp: Date | Timestamp;
  blockHash: Uint8Array;
  entriesHash: Uint8Array;
  previousBlockHash: Uint8Array;
  entriesHashList: Uint8Array[];
  transactionInfo: TransactionInfo;
  revisions?: Revision[];
  events?: JournalEvent[];
  redactionInfo?: IonStructObject;
};
