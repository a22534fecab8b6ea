// Applies a committed transaction's DDL: the catalog's new table definitions, index entries for
// every document of a table that gained an index (read and written a page of documents at a time,
// so that indexing a large table holds one page), none for a dropped index.
import { fromIon, type IonStructObject } from '../ion';
import { deleteIndexEntriesOfIndex, insertIndexEntries, selectTableDocumentPage, type DocumentPosition, type SqlQuery } from '../storage';
import { documentToDefinition, indexEntries, type Catalog, type IndexDefinition, type TableDefinition } from './catalog';
import type { PendingWrite } from './pending-write';

export async function applyCatalogWrites(query: SqlQuery, catalog: Catalog, writes: readonly PendingWrite[], sequenceNo: number): Promise<void> {
  for (const write of writes) {
    const definition = documentToDefinition(write.data as IonStructObject);
    const before = catalog.byTableId(definition.tableId)?.definition.indexes ?? [];
    const added = definition.indexes.filter((i) => !before.some((b) => b.indexId === i.indexId));
    const dropped = before.filter((b) => !definition.indexes.some((i) => i.indexId === b.indexId));
    for (const index of dropped) await deleteIndexEntriesOfIndex(query, index.indexId);
    for (const index of added) await backfillIndex(query, definition, index);
    catalog.put({ definition, version: write.version, sequenceNo });
  }
}

/** Documents a backfill reads at a time: what it holds at once, however large the table. */
export const BACKFILL_PAGE_DOCUMENTS = 1_000;

/** Indexes every document of the table, the ones this same transaction wrote included, a page at a time. */
export async function backfillIndex(query: SqlQuery, table: TableDefinition, index: IndexDefinition): Promise<void> {
  await deleteIndexEntriesOfIndex(query, index.indexId);
  let after: DocumentPosition | undefined;
  for (;;) {
    const page = await selectTableDocumentPage(query, table.tableId, after, BACKFILL_PAGE_DOCUMENTS);
    const entries = page.flatMap((row) => (row.data ? indexEntries([index], row.documentId, fromIon(row.data) as IonStructObject) : []));
    if (entries.length) await insertIndexEntries(query, entries);
    if (page.length < BACKFILL_PAGE_DOCUMENTS) return;
    const last = page[page.length - 1];
    after = { sequenceNo: Number(last.sequenceNo), documentId: last.documentId };
  }
}
