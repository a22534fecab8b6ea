// A transaction's reads of committed storage: each records what it saw in the read set (the
// commit's conflict check), and a document's committed row is read once per transaction, so later
// reads see the row the commit will validate (repeatable reads).
import { fromIon, type IonStructObject } from '../ion';
import type { Revision } from '../journal';
import {
  maxSequenceOfTable,
  selectByIndex,
  selectByIndexRange,
  selectCurrentRevisions,
  selectDocuments,
  selectHistory,
  selectTableDocumentPage,
  selectTableDocuments,
  type DocumentPosition,
  type DocumentRow,
  type OrderKeyRange,
  type RevisionRow,
  type SqlStorage,
} from '../storage';
import { rowToRevision } from './journal-rows';
import type { LedgerDocument } from './pending-write';
import type { ReadSet } from './read-set';

/** Which committed revisions of a table history reads: of one document, within block times (as stored text). */
export interface HistoryRange {
  documentId?: string;
  fromTime?: string;
  toTime?: string;
}

export class TransactionReads {
  private readonly rowsRead = new Map<string, DocumentRow | undefined>();

  constructor(
    private readonly storage: SqlStorage,
    private readonly strandId: string,
    private readonly readSet: ReadSet,
  ) {}

  /** The committed row of a document in any table (deleted ones included). */
  async committedRow(documentId: string): Promise<DocumentRow | undefined> {
    if (this.rowsRead.has(documentId)) return this.rowsRead.get(documentId);
    const [row] = await this.storage.read((query) => selectDocuments(query, [documentId]), { singleStatement: true });
    this.readSet.countQuery();
    this.readSet.document(documentId, row ? Number(row.sequenceNo) : null);
    this.rowsRead.set(documentId, row);
    return row;
  }

  /** The rows an index holds under one value's key. */
  async byIndexKey(indexId: string, valueKey: Uint8Array): Promise<DocumentRow[]> {
    const rows = await this.storage.read((query) => selectByIndex(query, indexId, valueKey), { singleStatement: true });
    this.readSet.countQuery();
    this.readSet.indexKey(indexId, valueKey, maxSequence(rows));
    this.recordDocuments(rows);
    return rows;
  }

  /** The rows an index holds between two order keys. */
  async byIndexRange(indexId: string, keys: OrderKeyRange): Promise<DocumentRow[]> {
    const rows = await this.storage.read((query) => selectByIndexRange(query, indexId, keys));
    this.readSet.countQuery();
    this.readSet.indexRange(indexId, keys, maxSequence(rows));
    this.recordDocuments(rows);
    return rows;
  }

  /** Every row of a table. */
  async table(tableId: string): Promise<DocumentRow[]> {
    const rows = await this.storage.read((query) => selectTableDocuments(query, tableId));
    this.readSet.countQuery();
    this.readSet.table(tableId, maxSequence(rows));
    return rows;
  }

  /** One page of a table's rows; reading the first also records the scan, as of the table's newest change then. */
  async tablePage(tableId: string, after: DocumentPosition | undefined, pageSize: number): Promise<DocumentRow[]> {
    const [rows, seen] = await this.storage.read(
      async (query) => [await selectTableDocumentPage(query, tableId, after, pageSize), after ? -1 : await maxSequenceOfTable(query, tableId)] as const,
    );
    this.readSet.countQuery();
    if (!after) this.readSet.table(tableId, seen);
    return rows;
  }

  /** A table's committed revisions in journal order. */
  async history(tableId: string, range: HistoryRange): Promise<Revision[]> {
    const [rows, seen] = await this.storage.read(
      async (query) => [await selectHistory(query, tableId, range), await maxSequenceOfTable(query, tableId)] as const,
    );
    this.readSet.countQuery();
    this.readSet.table(tableId, seen);
    return rows.map((row) => this.toRevision(row));
  }

  /** The latest committed revision of each live document of a table (or of one). */
  async committedRevisions(tableId: string, documentId?: string): Promise<Revision[]> {
    const rows = await this.storage.read((query) => selectCurrentRevisions(query, tableId, documentId), { singleStatement: true });
    this.readSet.countQuery();
    if (documentId === undefined) this.readSet.table(tableId, maxSequence(rows));
    return rows.filter((row) => row.data !== null).map((row) => this.toRevision(row));
  }

  private recordDocuments(rows: readonly DocumentRow[]): void {
    for (const row of rows) this.readSet.document(row.documentId, Number(row.sequenceNo));
  }

  private toRevision(row: RevisionRow): Revision {
    return rowToRevision({ blockAddress: { strandId: this.strandId, sequenceNo: Number(row.sequenceNo) } }, row);
  }
}

export function rowToDocument(row: DocumentRow): LedgerDocument {
  return { documentId: row.documentId, version: Number(row.version), data: fromIon(row.data as Uint8Array) as IonStructObject };
}

function maxSequence(rows: ReadonlyArray<{ sequenceNo: number }>): number {
  return rows.reduce((max, row) => Math.max(max, Number(row.sequenceNo)), -1);
}
