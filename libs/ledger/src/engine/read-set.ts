// What a transaction read, recorded so the commit can check that none of it changed (serializable
// optimistic concurrency): each document's sequenceNo as seen (null when absent), and for index
// lookups and table scans the highest sequenceNo among the rows seen — a newer row under the same
// key or in the same table means a concurrent writer got there first. A commit batch reads the
// database's side of all its transactions' reads at once (StoredReads), under the write lock.
import {
  documentSequences,
  inOrderKeyRange,
  maxSequenceOfIndexRange,
  maxSequencesOfIndexKeys,
  maxSequencesOfTables,
  type OrderKeyRange,
  type SqlQuery,
} from '../storage';
import type { Catalog } from './catalog';

/**
 * What the transactions committed earlier in the same batch changed (not yet in the database), each
 * document, table and index value (indexKeyOf) with the sequenceNo of the last block that wrote it.
 */
export interface BatchChanges {
  documents: ReadonlyMap<string, number>;
  tables: ReadonlyMap<string, number>;
  indexKeys: ReadonlyMap<string, number>;
  /** The order keys of the index entries written, by index id. */
  indexOrderKeys: ReadonlyMap<string, readonly Uint8Array[]>;
}

/** The key of one index value in BatchChanges.indexKeys. */
export function indexKeyOf(indexId: string, valueKey: Uint8Array): string {
  return `${indexId}:${Buffer.from(valueKey.buffer, valueKey.byteOffset, valueKey.byteLength).toString('base64')}`;
}

/**
 * The database's current state of what a batch's transactions read (documents' sequenceNos, the
 * newest row under each index value and in each table), read together under the write lock: one
 * query per kind for the whole batch. Under the lock only the batch itself changes the database,
 * and its changes are checked apart (BatchChanges), so this state holds for the whole batch.
 */
export class StoredReads {
  private constructor(
    private readonly documents: ReadonlyMap<string, number>,
    private readonly indexKeys: ReadonlyMap<string, number>,
    private readonly tables: ReadonlyMap<string, number>,
  ) {}

  /** What a batch whose transactions read nothing stored holds of the database: nothing. */
  static readonly NONE = new StoredReads(new Map(), new Map(), new Map());

  static async of(query: SqlQuery, readSets: readonly ReadSet[]): Promise<StoredReads> {
    const documentIds = new Set(readSets.flatMap((r) => r.documentIds));
    const indexKeys = new Map(readSets.flatMap((r) => r.indexKeyReads).map((k) => [indexKeyOf(k.indexId, k.valueKey), k]));
    const tableIds = new Set(readSets.flatMap((r) => r.tableIds));
    return new StoredReads(
      documentIds.size ? await documentSequences(query, [...documentIds]) : new Map(),
      indexKeys.size ? await maxSequencesOfIndexKeys(query, [...indexKeys.values()], indexKeyOf) : new Map(),
      tableIds.size ? await maxSequencesOfTables(query, [...tableIds]) : new Map(),
    );
  }

  /**
   * This state with what batches not yet in the database write laid over it, oldest batch first:
   * what the database will hold once they have committed (a batch already in it changes nothing).
   */
  withWrites(batches: readonly BatchChanges[]): StoredReads {
    if (!batches.length) return this;
    const documents = new Map(this.documents);
    const indexKeys = new Map(this.indexKeys);
    const tables = new Map(this.tables);
    for (const batch of batches) {
      for (const [documentId, sequenceNo] of batch.documents) documents.set(documentId, sequenceNo);
      for (const [key, sequenceNo] of batch.indexKeys) indexKeys.set(key, Math.max(sequenceNo, indexKeys.get(key) ?? -1));
      for (const [tableId, sequenceNo] of batch.tables) tables.set(tableId, Math.max(sequenceNo, tables.get(tableId) ?? -1));
    }
    return new StoredReads(documents, indexKeys, tables);
  }

  /** The document's sequenceNo, null when it does not exist. */
  document(documentId: string): number | null {
    return this.documents.get(documentId) ?? null;
  }

  /** The highest sequenceNo among the documents under an index value (indexKeyOf), -1 for none. */
  indexKey(key: string): number {
    return this.indexKeys.get(key) ?? -1;
  }

  /** The highest sequenceNo among a table's documents, -1 for none. */
  table(tableId: string): number {
    return this.tables.get(tableId) ?? -1;
  }
}

export class ReadSet {
  private readonly catalogEntries = new Map<string, number>();
  private catalogScan: number | undefined;
  private readonly documents = new Map<string, number | null>();
  private readonly indexKeys = new Map<string, { indexId: string; valueKey: Uint8Array; seen: number }>();
  private readonly indexRanges: Array<{ indexId: string; range: OrderKeyRange; seen: number }> = [];
  private readonly tables = new Map<string, number>();
  private queries = 0;

  /** Counts one read of storage. */
  countQuery(): void {
    this.queries++;
  }

  /**
   * Whether the commit must check the reads: always when the transaction writes; when it only
   * read, a single query already saw one consistent state, so only two or more need checking.
   */
  get needsValidation(): boolean {
    return this.queries > 1;
  }

  /** Records that the catalog entry of `tableId` was used at its `sequenceNo`. */
  catalogEntry(tableId: string, sequenceNo: number): void {
    if (!this.catalogEntries.has(tableId)) this.catalogEntries.set(tableId, sequenceNo);
  }

  /** Records that the whole catalog was consulted (a table name looked up) when its newest entry was `seen`. */
  catalog(seen: number): void {
    if (this.catalogScan === undefined || this.catalogScan > seen) this.catalogScan = seen;
  }

  /** Records that `documentId` was seen at `sequenceNo` (null: it did not exist). */
  document(documentId: string, sequenceNo: number | null): void {
    if (!this.documents.has(documentId)) this.documents.set(documentId, sequenceNo);
  }

  /** Records an index lookup whose rows' highest sequenceNo was `seen` (-1 for none). */
  indexKey(indexId: string, valueKey: Uint8Array, seen: number): void {
    const key = indexKeyOf(indexId, valueKey);
    const previous = this.indexKeys.get(key);
    if (!previous || previous.seen > seen) this.indexKeys.set(key, { indexId, valueKey, seen });
  }

  /** Records an index range lookup whose rows' highest sequenceNo was `seen` (-1 for none). */
  indexRange(indexId: string, range: OrderKeyRange, seen: number): void {
    this.indexRanges.push({ indexId, range, seen });
  }

  /** Records a scan of `tableId` whose rows' highest sequenceNo was `seen` (-1 for none). */
  table(tableId: string, seen: number): void {
    const previous = this.tables.get(tableId);
    if (previous === undefined || previous > seen) this.tables.set(tableId, seen);
  }

  /**
   * Whether the reads are checked against StoredReads alone (and the catalog, in memory): no index
   * range was read, whose check queries the database under the lock.
   */
  get checkedByStoredReads(): boolean {
    return this.indexRanges.length === 0;
  }

  /** Whether anything stored was read: documents, index values or tables. */
  get readsStored(): boolean {
    return this.documents.size > 0 || this.indexKeys.size > 0 || this.tables.size > 0 || this.indexRanges.length > 0;
  }

  /** The documents read. */
  get documentIds(): string[] {
    return [...this.documents.keys()];
  }

  /** The index values looked up. */
  get indexKeyReads(): Array<{ indexId: string; valueKey: Uint8Array }> {
    return [...this.indexKeys.values()];
  }

  /** The tables scanned. */
  get tableIds(): string[] {
    return [...this.tables.keys()];
  }

  /**
   * The first read that changed since it was made, described; undefined when none did. Checked
   * against the catalog in memory (authoritative under the write lock), the changes made earlier
   * in the same batch, and the database (`stored`, and a query per index range).
   */
  async firstChange(query: SqlQuery, catalog: Catalog, batch: BatchChanges, stored: StoredReads): Promise<string | undefined> {
    return (
      this.changedCatalog(catalog) ??
      this.changedDocument(batch, stored) ??
      this.changedIndexKey(batch, stored) ??
      (await this.changedIndexRange(query, batch)) ??
      this.changedTable(batch, stored)
    );
  }

  private changedCatalog(catalog: Catalog): string | undefined {
    for (const [tableId, seen] of this.catalogEntries) {
      if ((catalog.byTableId(tableId)?.sequenceNo ?? null) !== seen) return `the definition of table ${tableId}`;
    }
    if (this.catalogScan !== undefined && catalog.newestSequenceNo() > this.catalogScan) return 'the list of tables';
    return undefined;
  }

  private changedDocument(batch: BatchChanges, stored: StoredReads): string | undefined {
    for (const documentId of this.documents.keys()) if (batch.documents.has(documentId)) return `document ${documentId}`;
    for (const [documentId, seen] of this.documents) {
      if (stored.document(documentId) !== seen) return `document ${documentId}`;
    }
    return undefined;
  }

  private changedIndexKey(batch: BatchChanges, stored: StoredReads): string | undefined {
    for (const [key, { indexId, seen }] of this.indexKeys) {
      if (batch.indexKeys.has(key) || stored.indexKey(key) > seen) return `a value looked up in index ${indexId}`;
    }
    return undefined;
  }

  private async changedIndexRange(query: SqlQuery, batch: BatchChanges): Promise<string | undefined> {
    for (const { indexId, range, seen } of this.indexRanges) {
      const written = batch.indexOrderKeys.get(indexId)?.some((key) => inOrderKeyRange(key, range));
      if (written || (await maxSequenceOfIndexRange(query, indexId, range)) > seen) return `a range looked up in index ${indexId}`;
    }
    return undefined;
  }

  private changedTable(batch: BatchChanges, stored: StoredReads): string | undefined {
    for (const [tableId, seen] of this.tables) {
      if (batch.tables.has(tableId) || stored.table(tableId) > seen) return `table ${tableId}`;
    }
    return undefined;
  }
}
