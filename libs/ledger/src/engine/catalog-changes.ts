// Applies a committed transaction's DDL: the catalog's new table definitions, index entries for
// every document of a table that gained an index, none for a dropped index.
import { fromIon, type IonStructObject } from '../ion';
import { deleteIndexEntriesOfIndex, insertIndexEntries, selectTableDocuments, type IndexEntryRow, type SqlQuery } from '../storage';
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

/** Indexes every document of the table, the ones this same transaction wrote included. */
export async function backfillIndex(query: SqlQuery, table: TableDefinition, index: IndexDefinition): Promise<void> {
  await deleteIndexEntriesOfIndex(query, index.indexId);
  const entries: IndexEntryRow[] = [];
  for (const row of await selectTableDocuments(query, table.tableId)) {
    if (row.data) entries.push(...indexEntries([index], row.documentId, fromIon(row.data) as IonStructObject));
  }
  await insertIndexEntries(query, entries);
}
