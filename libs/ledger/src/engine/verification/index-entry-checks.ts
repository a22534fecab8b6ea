// verify()'s comparison of the stored index entries with those the current documents and the
// catalog's index definitions imply, one range of document ids at a time: each page of current
// documents gives the entries it implies, which are compared with the stored entries whose
// document id lies between the page before's last id and this page's (read in pages of their own),
// so memory is bounded by a page, not by the ledger. The ranges cover every document id, before
// the first document and after the last included: a stray entry is found wherever it stands. An
// entry no document implies names its document's last block (the tip for a document the journal
// does not know); a missing entry, its document's.
import {
  selectIndexEntriesOfDocuments,
  selectTableDocuments,
  type DocumentIdRange,
  type DocumentRow,
  type IndexEntryPosition,
  type IndexEntryRow,
  type SqlQuery,
} from '../../storage';
import { CATALOG_TABLE_ID, documentToDefinition, indexEntries, type TableDefinition } from '../catalog';
import { decode, documentPages, lastRevisions, unreadableKeys } from './derived-state-checks';
import { readsBack, textKeyPages } from './text-key-pages';
import type { Verification } from './verification-state';

const INDEX_ENTRY_PAGE = 1000;

/** The entries held at one step of the comparison: those the range's documents imply and not yet met, and a page of stored ones. */
export interface IndexEntryBatch {
  expected: number;
  stored: number;
}

let batchListener: ((batch: IndexEntryBatch) => void) | undefined;

/** Calls `listener` at each page of stored entries compared (the memory spec bounds what is held); undefined stops. */
export function onIndexEntryBatch(listener: ((batch: IndexEntryBatch) => void) | undefined): void {
  batchListener = listener;
}

/** The stored index entries must be exactly those the current documents and the catalog imply. */
export async function verifyIndexEntries(query: SqlQuery, v: Verification): Promise<void> {
  const tables = await indexedTables(query, v);
  let after: string | undefined;
  for await (const page of documentPages(query, tablesWithIndexes(tables))) {
    const complete = await compareRange(query, v, { after, upTo: page.bound }, await expectedEntries(query, v, tables, page.rows));
    if (!complete || v.done || page.bound === undefined) return;
    after = page.bound;
  }
  await compareRange(query, v, { after }, new Map());
}

/** The table definitions by table id: as the journal leaves the catalog, and the imported tables'. */
async function indexedTables(query: SqlQuery, v: Verification): Promise<Map<string, TableDefinition>> {
  const tables = new Map<string, TableDefinition>();
  for (const doc of v.documents.values()) {
    if (doc.data) tables.set(doc.data.tableId as string, documentToDefinition(doc.data));
  }
  await addImportedTables(query, tables);
  return tables;
}

/**
 * The ids of the tables that have indexes: only their documents' data implies entries, so only
 * theirs is read. Undefined (every document's data) when an id does not read back as the stored
 * text would (U+FFFD): a stored table_id then equal to it in JavaScript need not be in SQL.
 */
function tablesWithIndexes(tables: Map<string, TableDefinition>): string[] | undefined {
  const ids = [...tables].filter(([, table]) => (table.indexes ?? []).length > 0).map(([tableId]) => tableId);
  return ids.every(readsBack) ? ids : undefined;
}

/** The imported tables' catalog rows (no revision: version -1), whose indexes were declared at import; their other fields are checked against the journal apart. */
async function addImportedTables(query: SqlQuery, tables: Map<string, TableDefinition>): Promise<void> {
  for (const row of await selectTableDocuments(query, CATALOG_TABLE_ID)) {
    const data = Number(row.version) === -1 && !tables.has(row.documentId) ? decode(row.data) : undefined;
    if (data) tables.set(row.documentId, documentToDefinition(data));
  }
}

/** The entries that a page of current documents implies (those whose last revision is in their table), by entryKey, each to its document id. */
async function expectedEntries(query: SqlQuery, v: Verification, tables: Map<string, TableDefinition>, rows: readonly DocumentRow[]): Promise<Map<string, string>> {
  const expected = new Map<string, string>();
  const indexed = rows.filter((row) => (tables.get(row.tableId)?.indexes ?? []).length > 0);
  if (indexed.length === 0) return expected;
  const journal = await lastRevisions(query, v, indexed);
  for (const row of indexed) {
    const indexes = tables.get(row.tableId)?.indexes ?? [];
    if (journal.get(row.documentId)?.tableId !== row.tableId) continue;
    const data = decode(row.data);
    if (!data) continue;
    for (const entry of indexEntries(indexes, row.documentId, data)) expected.set(entryKey(entry), row.documentId);
  }
  return expected;
}

/**
 * Compares the stored entries of the documents in `range` with `expected` (emptied as they meet):
 * each stored one not expected, then each expected one not stored, is a problem. False when a page
 * of unreadable keys ended the comparison (reported; nothing after it is compared).
 */
async function compareRange(query: SqlQuery, v: Verification, range: DocumentIdRange, expected: Map<string, string>): Promise<boolean> {
  for await (const page of storedEntryPages(query, range)) {
    batchListener?.({ expected: expected.size, stored: page.rows.length });
    for (const entry of page.rows) {
      if (v.done) return true;
      if (!expected.delete(entryKey(entry))) {
        v.report('INDEX_MISMATCH', `index ${entry.indexId} has an entry for document ${entry.documentId} that its data does not imply`, await documentBlock(query, v, entry.documentId));
      }
    }
    if (page.stuck) return unreadableKeys(v, 'ledger_index_entry');
  }
  await reportMissingEntries(query, v, expected);
  return true;
}

/** The pages of the stored entries of the documents in `range`. */
function storedEntryPages(query: SqlQuery, range: DocumentIdRange) {
  return textKeyPages(
    (from: IndexEntryPosition | undefined, limit) => selectIndexEntriesOfDocuments(query, range, from, limit),
    (entry): IndexEntryPosition | undefined => entry,
    (position) => position !== undefined && readsBack(position.documentId) && readsBack(position.indexId),
    undefined,
    INDEX_ENTRY_PAGE,
  );
}

async function reportMissingEntries(query: SqlQuery, v: Verification, expected: Map<string, string>): Promise<void> {
  for (const [, documentId] of expected) {
    if (v.done) return;
    v.report('INDEX_MISMATCH', `an index entry of document ${documentId} is missing`, await documentBlock(query, v, documentId));
  }
}

/** The block of a document's last revision; the tip for a document the journal does not know. */
async function documentBlock(query: SqlQuery, v: Verification, documentId: string): Promise<number> {
  const revision = (await lastRevisions(query, v, [{ documentId }])).get(documentId);
  return revision === undefined ? v.tip : Number(revision.sequenceNo);
}

function entryKey(entry: IndexEntryRow): string {
  const orderKey = entry.orderKey instanceof Uint8Array ? Buffer.from(entry.orderKey).toString('base64') : String(entry.orderKey);
  const valueKey = entry.valueKey instanceof Uint8Array ? Buffer.from(entry.valueKey).toString('base64') : String(entry.valueKey);
  return `${entry.indexId}|${valueKey}|${entry.documentId}|${orderKey}`;
}
