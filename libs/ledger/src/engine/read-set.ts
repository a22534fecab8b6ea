// What a transaction read, recorded so the commit can check that none of it changed (serializable
// optimistic concurrency): each document's sequenceNo as seen (null when absent), and for index
// lookups and table scans the highest sequenceNo among the rows seen — a newer row under the same
// key or in the same table means a concurrent writer got there first.
import {
  maxSequenceOfIndexKey,
  maxSequenceOfTable,
  selectDocuments,
  type SqlQuery,
} from '../storage';

export class ReadSet {
  private readonly documents = new Map<string, number | null>();
  private readonly indexKeys = new Map<string, { indexId: string; valueKey: Uint8Array; seen: number }>();
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

  /** Records that `documentId` was seen at `sequenceNo` (null: it did not exist). */
  document(documentId: string, sequenceNo: number | null): void {
    if (!this.documents.has(documentId)) this.documents.set(documentId, sequenceNo);
  }

  /** Records an index lookup whose rows' highest sequenceNo was `seen` (-1 for none). */
  indexKey(indexId: string, valueKey: Uint8Array, seen: number): void {
    const key = `${indexId}:${Buffer.from(valueKey).toString('base64')}`;
    const previous = this.indexKeys.get(key);
    if (!previous || previous.seen > seen) this.indexKeys.set(key, { indexId, valueKey, seen });
  }

  /** Records a scan of `tableId` whose rows' highest sequenceNo was `seen` (-1 for none). */
  table(tableId: string, seen: number): void {
    const previous = this.tables.get(tableId);
    if (previous === undefined || previous > seen) this.tables.set(tableId, seen);
  }

  /** The first read that changed since it was made, described; undefined when none did. */
  async firstChange(query: SqlQuery): Promise<string | undefined> {
    return (await this.changedDocument(query)) ?? (await this.changedIndexKey(query)) ?? (await this.changedTable(query));
  }

  private async changedDocument(query: SqlQuery): Promise<string | undefined> {
    if (this.documents.size === 0) return undefined;
    const current = new Map((await selectDocuments(query, [...this.documents.keys()])).map((r) => [r.documentId, Number(r.sequenceNo)]));
    for (const [documentId, seen] of this.documents) {
      if ((current.get(documentId) ?? null) !== seen) return `document ${documentId}`;
    }
    return undefined;
  }

  private async changedIndexKey(query: SqlQuery): Promise<string | undefined> {
    for (const { indexId, valueKey, seen } of this.indexKeys.values()) {
      if ((await maxSequenceOfIndexKey(query, indexId, valueKey)) > seen) return `a value looked up in index ${indexId}`;
    }
    return undefined;
  }

  private async changedTable(query: SqlQuery): Promise<string | undefined> {
    for (const [tableId, seen] of this.tables) {
      if ((await maxSequenceOfTable(query, tableId)) > seen) return `table ${tableId}`;
    }
    return undefined;
  }
}
