// What a transaction read, recorded so the commit can check that none of it changed (serializable
// optimistic concurrency): each document's sequenceNo as seen (null when absent), and for index
// lookups and table scans the highest sequenceNo among the rows seen — a newer row under the same
// key, range or table means a concurrent writer got there first. A commit batch reads the
// database's side of all its transactions' reads at once (StoredReads): under the write lock, or,
// for a pipelined batch, outside it with the writes of the batches in flight laid over it.
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
  /** The index entries written, by index id: their order keys, each with the sequenceNo of its block. */
  indexOrderKeys: ReadonlyMap<string, readonly OrderKeyWritten[]>;
}

/** An index entry's order key, written by block `sequenceNo`. */
export interface OrderKeyWritten {
  orderKey: Uint8Array;
  sequenceNo: number;
}

/** A range of an index looked up. */
interface IndexRange {
  indexId: string;
  range: OrderKeyRange;
}

/** The key of one index range in StoredReads. */
function indexRangeKeyOf({ indexId, range }: IndexRange): string {
  return `${indexId}:${range.lowerInclusive ? '[' : '('}${base64Of(range.lower)},${base64Of(range.upper)}${range.upperInclusive ? ']' : ')'}`;
}

/** The key of one index value in BatchChanges.indexKeys. */
export function indexKeyOf(indexId: string, valueKey: Uint8Array): string {
  return `${indexId}:${base64Of(valueKey)}`;
}

function base64Of(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/**
 * The database's current state of what a batch's transactions read (documents' sequenceNos, the
 * newest row under each index value, in each index range and in each table), read together: one
 * query per kind for the whole batch (one per range). Under the lock only the batch itself changes
 * the database, and its changes are checked apart (BatchChanges), so this state holds for the
 * whole batch.
 */
export class StoredReads {
  private constructor(
    private readonly documents: ReadonlyMap<string, number>,
    private readonly indexKeys: ReadonlyMap<string, number>,
    /** By indexRangeKeyOf: the range, and the highest sequenceNo among its rows. */
    private readonly indexRanges: ReadonlyMap<string, IndexRange & { newest: number }>,
    private readonly tables: ReadonlyMap<string, number>,
  ) {}

  /** What a batch whose transactions read nothing stored holds of the database: nothing. */
  static readonly NONE = new StoredReads(new Map(), new Map(), new Map(), new Map());

  static async of(query: SqlQuery, readSets: readonly ReadSet[]): Promise<StoredReads> {
    const documentIds = new Set(readSets.flatMap((r) => r.documentIds));
    const indexKeys = new Map(readSets.flatMap((r) => r.indexKeyReads).map((k) => [indexKeyOf(k.indexId, k.valueKey), k]));
    const tableIds = new Set(readSets.flatMap((r) => r.tableIds));
    const indexRanges = new Map<string, IndexRange & { newest: number }>();
    for (const { indexId, range } of readSets.flatMap((r) => r.indexRangeReads)) {
      const key = indexRangeKeyOf({ indexId, range });
      if (!indexRanges.has(key)) indexRanges.set(key, { indexId, range, newest: await maxSequenceOfIndexRange(query, indexId, range) });
    }
    return new StoredReads(
      documentIds.size ? await documentSequences(query, [...documentIds]) : new Map(),
      indexKeys.size ? await maxSequencesOfIndexKeys(query, [...indexKeys.values()], indexKeyOf) : new Map(),
      indexRanges,
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
    const indexRanges = new Map(this.indexRanges);
    const tables = new Map(this.tables);
    for (const batch of batches) {
      for (const [documentId, sequenceNo] of batch.documents) documents.set(documentId, sequenceNo);
      for (const [key, sequenceNo] of batch.indexKeys) indexKeys.set(key, Math.max(sequenceNo, indexKeys.get(key) ?? -1));
      for (const [tableId, sequenceNo] of batch.tables) tables.set(tableId, Math.max(sequenceNo, tables.get(tableId) ?? -1));
      for (const [key, read] of indexRanges) indexRanges.set(key, { ...read, newest: Math.max(read.newest, newestInRange(batch, read)) });
    }
    return new StoredReads(documents, indexKeys, indexRanges, tables);
  }

  /** The document's sequenceNo, null when it does not exist. */
  document(documentId: string): number | null {
    return this.documents.get(documentId) ?? null;
  }

  /** The highest sequenceNo among the documents under an index value (indexKeyOf), -1 for none. */
  indexKey(key: string): number {
    return this.indexKeys.get(key) ?? -1;
  }

  /** The highest sequenceNo among the documents in an index range, -1 for none. */
  indexRange(read: IndexRange): number {
    return this.indexRanges.get(indexRangeKeyOf(read))?.newest ?? -1;
  }

  /** The highest sequenceNo among a table's documents, -1 for none. */
  table(tableId: string): number {
    return this.tables.get(tableId) ?? -1;
  }
}

/** The highest sequenceNo of the entries `batch` wrote in an index range, -1 for none. */
function newestInRange(batch: BatchChanges, read: IndexRange): number {
  let newest = -1;
  for (const { orderKey, sequenceNo } of batch.indexOrderKeys.get(read.indexId) ?? []) {
    if (sequenceNo > newest && inOrderKeyRange(orderKey, read.range)) newest = sequenceNo;
  }
  return newest;
}

export class ReadSet {
  private readonly catalogEntries = new Map<string, number>();
  private catalogScan: number | undefined;
  private readonly documents = new Map<string, number | null>();
  private readonly indexKeys = new Map<string, { indexId: string; valueKey: Uint8Array; seen: number }>();
  private readonly indexRanges: Array<IndexRange & { seen: number }> = [];
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

  /** The index ranges looked up. */
  get indexRangeReads(): readonly IndexRange[] {
    return this.indexRanges;
  }

  /** The tables scanned. */
  get tableIds(): string[] {
    return [...this.tables.keys()];
  }

  /**
   * The first read that changed since it was made, described; undefined when none did. Checked
   * against the catalog in memory (authoritative under the write lock), the changes made earlier
   * in the same batch, and the database (`stored`).
   */
  firstChange(catalog: Catalog, batch: BatchChanges, stored: StoredReads): string | undefined {
    return (
      this.changedCatalog(catalog) ??
      this.changedDocument(batch, stored) ??
      this.changedIndexKey(batch, stored) ??
      this.changedIndexRange(batch, stored) ??
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

  private changedIndexRange(batch: BatchChanges, stored: StoredReads): string | undefined {
    for (const read of this.indexRanges) {
      if (newestInRange(batch, read) > -1 || stored.indexRange(read) > read.seen) return `a range looked up in index ${read.indexId}`;
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
