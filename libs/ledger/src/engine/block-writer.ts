// Writes one committed block and everything derived from it inside the commit's database
// transaction: the journal rows, the ledger tree's new nodes, the current documents, the catalog
// and the index entries; then advances the in-memory state to the new tip.
import { ionHash, type IonStructObject, type IonValue } from '../ion';
import type { Block } from '../journal';
import {
  deleteIndexEntriesOfDocuments,
  deleteIndexEntriesOfIndex,
  insertBlock,
  insertIndexEntries,
  insertRevisions,
  insertTreeNodes,
  selectTableDocuments,
  upsertDocuments,
  type IndexEntryRow,
  type SqlQuery,
} from '../storage';
import { fromIon } from '../ion';
import { CATALOG_TABLE_ID, documentToDefinition, indexedField, type IndexDefinition, type TableDefinition } from './catalog';
import { blockToRows } from './journal-rows';
import type { LedgerState } from './ledger-state';
import type { PendingWrite } from './pending-write';
import type { TransactionCommit } from './transaction';

export async function writeBlock(query: SqlQuery, state: LedgerState, block: Block, commit: TransactionCommit): Promise<void> {
  const sequenceNo = block.blockAddress.sequenceNo;
  const writes = new Map(commit.writes.map((w) => [w.documentId, w]));
  const encoded = new Map(commit.writes.filter((w) => w.ion).map((w) => [w.documentId, w.ion as Uint8Array]));
  const rows = blockToRows(block, (id) => writes.get(id)?.table.tableId ?? null, encoded);
  await insertBlock(query, rows.block);
  await insertRevisions(query, rows.revisions);
  await insertTreeNodes(query, state.frontier.append(block.blockHash));
  await upsertDocuments(
    query,
    commit.writes.map((w) => ({ documentId: w.documentId, tableId: w.table.tableId, version: w.version, sequenceNo, data: w.ion ?? null })),
  );
  await applyCatalogWrites(query, state, commit.writes.filter((w) => w.table.tableId === CATALOG_TABLE_ID), sequenceNo);
  await refreshIndexEntries(query, state, commit.writes.filter((w) => w.table.tableId !== CATALOG_TABLE_ID));
  state.tip = { sequenceNo, blockHash: block.blockHash, blockTime: block.blockTimestamp as Date };
}

/** Applies DDL: the catalog's new definitions, index entries for new indexes, none for dropped ones. */
async function applyCatalogWrites(query: SqlQuery, state: LedgerState, writes: PendingWrite[], sequenceNo: number): Promise<void> {
  for (const write of writes) {
    const definition = documentToDefinition(write.data as IonStructObject);
    const before = state.catalog.byTableId(definition.tableId)?.definition.indexes ?? [];
    const added = definition.indexes.filter((i) => !before.some((b) => b.indexId === i.indexId));
    const dropped = before.filter((b) => !definition.indexes.some((i) => i.indexId === b.indexId));
    for (const index of dropped) await deleteIndexEntriesOfIndex(query, index.indexId);
    for (const index of added) await backfillIndex(query, definition, index);
    state.catalog.put({ definition, version: write.version, sequenceNo });
  }
}

async function backfillIndex(query: SqlQuery, table: TableDefinition, index: IndexDefinition): Promise<void> {
  const entries: IndexEntryRow[] = [];
  for (const row of await selectTableDocuments(query, table.tableId)) {
    if (row.data) entries.push(...indexEntries([index], row.documentId, fromIon(row.data) as IonStructObject));
  }
  await insertIndexEntries(query, entries);
}

/** Replaces the index entries of every written document with those of its new data. */
async function refreshIndexEntries(query: SqlQuery, state: LedgerState, writes: PendingWrite[]): Promise<void> {
  const indexed = writes.filter((w) => state.catalog.byTableId(w.table.tableId)?.definition.indexes.length);
  if (!indexed.length) return;
  await deleteIndexEntriesOfDocuments(query, indexed.map((w) => w.documentId));
  const entries = indexed.flatMap((w) =>
    w.data ? indexEntries(state.catalog.byTableId(w.table.tableId)!.definition.indexes, w.documentId, w.data) : [],
  );
  await insertIndexEntries(query, entries);
}

/** The entries `data` has in `indexes`: the Ion hash of each indexed field it holds. */
export function indexEntries(indexes: readonly IndexDefinition[], documentId: string, data: IonStructObject): IndexEntryRow[] {
  return indexes
    .filter((index) => data[indexedField(index)] !== undefined)
    .map((index) => ({ indexId: index.indexId, valueKey: ionHash(data[indexedField(index)] as IonValue), documentId }));
}
