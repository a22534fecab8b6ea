// A document change buffered by a transaction until commit: its new version and data (absent when
// deleted), the Ion binary that will be stored, and which of the transaction's statements made it.
import type { IonStructObject } from '../ion';
import type { IndexEntryRow } from '../storage';

export interface TableRef {
  name: string;
  tableId: string;
}

export interface PendingWrite {
  table: TableRef;
  documentId: string;
  version: number;
  /** The new data as handed in; undefined when the document is deleted. */
  data?: IonStructObject;
  /** `data` as Ion binary and its Ion hash, both taken when the write was made. */
  ion?: Uint8Array;
  dataHash?: Uint8Array;
  /** The document's entries in its table's indexes, taken when the write was made; undefined for an unindexed table. */
  indexEntries?: IndexEntryRow[];
  statements: number[];
}

/** A document as a transaction returns it. */
export interface LedgerDocument {
  documentId: string;
  version: number;
  data: IonStructObject;
}
