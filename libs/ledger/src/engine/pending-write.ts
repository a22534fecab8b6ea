// A document change buffered by a transaction until commit: its new version and data (absent when
// deleted), the Ion binary that will be stored, and which of the transaction's statements made it.
import type { IonStructObject } from '../ion';

export interface TableRef {
  name: string;
  tableId: string;
}

export interface PendingWrite {
  table: TableRef;
  documentId: string;
  version: number;
  /** The transaction's own copy of the new data; undefined when the document is deleted. */
  data?: IonStructObject;
  /** `data` as Ion binary. */
  ion?: Uint8Array;
  statements: number[];
}

/** A document as a transaction returns it. */
export interface LedgerDocument {
  documentId: string;
  version: number;
  data: IonStructObject;
}
