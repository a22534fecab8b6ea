// verify()'s comparison of the current documents with the journal: they must be exactly what each
// document's last revision says (imported tables' catalog rows: what their blocks imply); the index
// entries are compared in index-entry-checks.ts. Every finding names the block that implies the row
// (the document's last revision), or the block a stray row claims, or else the tip. Rows are read in
// pages that survive keys which are not valid UTF-8 (text-key-pages.ts); undecodable data is a
// finding, not an exception. Each page of document rows is compared with the journal's revision
// rows of the same documents (whose columns the journal pass has checked against the hashed
// revisions), so memory does not grow with the number of documents.
import { ionHashOfBinary, toIon, type IonStructObject } from '../../ion';
import {
  selectDocumentPage,
  selectDocumentsWithoutRow,
  selectLastRevisionsOfDocuments,
  type DocumentRow,
  type RevisionRow,
  type SqlQuery,
} from '../../storage';
import { CATALOG_TABLE_ID } from '../catalog';
import { runSplit, type BulkRunner } from '../bulk/bulk-workers';
import { decodeStored, storedDataHash } from '../bulk/stored-data-hashes';
import { readsBack, textKeyPages } from './text-key-pages';
import type { Verification } from './verification-state';

const DOCUMENT_PAGE = 500;
const MISSING_PAGE = 500;

/** The pages of all document rows, by document id; with `dataOfTables`, the data only of those tables' rows. */
export function documentPages(query: SqlQuery, dataOfTables?: readonly string[]) {
  return textKeyPages((after: string, limit) => selectDocumentPage(query, after, limit, dataOfTables), (row) => row.documentId, readsBack, '', DOCUMENT_PAGE);
}

/** The stored current documents must be exactly what the journal's last revisions say. */
export async function verifyDocuments(query: SqlQuery, v: Verification, runner: BulkRunner): Promise<void> {
  const derived = derivedCatalogRows(v);
  let complete = true;
  for await (const page of documentPages(query)) {
    const journal = await lastRevisions(query, v, page.rows);
    const same = await sameAsLastRevisions(runner, page.rows, journal);
    for (const [i, row] of page.rows.entries()) {
      if (v.done) return;
      const expectedDerived = derived.get(row.documentId);
      derived.delete(row.documentId);
      const expected = journal.get(row.documentId);
      const problem = expectedDerived ? derivedRowProblem(expectedDerived, row) : documentProblem(expected, row, same[i]);
      if (problem) v.report('DOCUMENT_MISMATCH', `document ${row.documentId} ${problem}`, expectedDerived?.sequenceNo ?? expected?.sequenceNo ?? v.locate(row.sequenceNo));
    }
    if (page.stuck) complete = unreadableKeys(v, 'ledger_document');
  }
  if (complete) await reportMissing(query, v, derived);
}

/** The last revision row (up to the tip) of each document of `rows` that the journal holds, by document id. */
export async function lastRevisions(query: SqlQuery, v: Verification, rows: readonly { documentId: string }[]): Promise<Map<string, RevisionRow>> {
  const last = new Map<string, RevisionRow>();
  for (const revision of await selectLastRevisionsOfDocuments(query, rows.map((row) => row.documentId), v.tip)) last.set(revision.documentId as string, revision);
  return last;
}

async function reportMissing(query: SqlQuery, v: Verification, derived: Map<string, DocumentRow>): Promise<void> {
  const pages = textKeyPages((after: string, limit) => selectDocumentsWithoutRow(query, after, v.tip, limit), (row) => row.documentId, readsBack, '', MISSING_PAGE);
  for await (const page of pages) {
    for (const { documentId, sequenceNo } of page.rows) {
      if (v.done) return;
      v.report('DOCUMENT_MISMATCH', `document ${documentId} is in the journal but missing from the current documents`, Number(sequenceNo));
    }
  }
  for (const row of derived.values()) {
    if (v.done) return;
    v.report('DOCUMENT_MISMATCH', `table ${row.documentId}, written to in the journal, is missing from the catalog`, row.sequenceNo);
  }
}

/** A full page of keys that are not valid text ends the comparison of `table`: reported, and its missing rows are not. */
export function unreadableKeys(v: Verification, table: 'ledger_document' | 'ledger_index_entry'): false {
  const code = table === 'ledger_document' ? 'DOCUMENT_MISMATCH' : 'INDEX_MISMATCH';
  v.report(code, `${table} holds a page of keys that are not valid text; the rows after them were not compared`, v.tip);
  return false;
}

/** The catalog rows of imported tables that have no catalog revision in the journal, by table id. */
function derivedCatalogRows(v: Verification): Map<string, DocumentRow> {
  const hasRevision = (tableId: string) => v.documents.get(tableId)?.tableId === CATALOG_TABLE_ID;
  return new Map(v.importedTables.catalogRows(hasRevision).map((row) => [row.documentId, row]));
}

function derivedRowProblem(expected: DocumentRow, row: DocumentRow): string | undefined {
  const same =
    row.tableId === expected.tableId &&
    Number(row.version) === expected.version &&
    Number(row.sequenceNo) === expected.sequenceNo &&
    sameData(withoutIndexes(row.data), ionHashOfBinary(expected.data as Uint8Array));
  return same ? undefined : "differs from the catalog entry its table's blocks imply (an imported table: name, id, status, first block)";
}

/** An imported table's stored catalog row without the indexes declared at import (not journaled; their entries are checked apart). */
function withoutIndexes(data: unknown): unknown {
  const decoded = decode(data);
  return decoded === undefined ? data : toIon({ ...decoded, indexes: [] }, 'binary');
}

/**
 * Whether each row's stored data is its document's last revision's: the same bytes, else a value of
 * the same Ion hash (the revision's data_hash when redacted). Hashes are computed only where the
 * bytes differ, split among the runner's workers.
 */
async function sameAsLastRevisions(runner: BulkRunner, rows: readonly DocumentRow[], journal: Map<string, RevisionRow>): Promise<boolean[]> {
  const same = rows.map((row) => sameBytes(row.data, journal.get(row.documentId)));
  const unknown = same.flatMap((known, i) => (known === undefined ? [i] : []));
  const revisions = unknown.map((i) => journal.get(rows[i].documentId) as RevisionRow);
  const hashes = await storedHashes(runner, [...unknown.map((i) => rows[i].data), ...revisions.map((revision) => revision.data)]);
  unknown.forEach((row, i) => {
    const stored = hashes[i];
    const expected = revisions[i].data === null ? revisions[i].dataHash : hashes[unknown.length + i];
    same[row] = stored !== null && expected !== null && Buffer.from(stored).equals(expected);
  });
  return same as boolean[];
}

/** True when `data` is byte for byte the revision's data; undefined when hashes must tell (or there is nothing to compare). */
function sameBytes(data: unknown, revision: RevisionRow | undefined): boolean | undefined {
  if (revision === undefined || !(data instanceof Uint8Array) || (revision.data === null && revision.dataHash === null)) return false;
  return revision.data !== null && Buffer.from(data).equals(revision.data) ? true : undefined;
}

/** The Ion hash of each stored value (null: not Ion), split among the runner's workers. */
function storedHashes(runner: BulkRunner, data: unknown[]): Promise<(Uint8Array | null)[]> {
  return runSplit(runner, 'storedDataHashes', data);
}

/** `same`: whether the row's data is that of its last revision (sameAsLastRevisions). */
function documentProblem(expected: RevisionRow | undefined, row: DocumentRow, same: boolean): string | undefined {
  if (!expected) return 'is stored but no revision of it is in the journal';
  if (expected.tableId !== row.tableId || Number(expected.version) !== Number(row.version) || Number(expected.sequenceNo) !== Number(row.sequenceNo)) {
    return `is stored at version ${row.version} (block ${row.sequenceNo}); the journal says version ${expected.version} (block ${expected.sequenceNo})`;
  }
  const journalHasData = expected.data !== null || expected.dataHash !== null;
  if (journalHasData !== (row.data !== null)) return journalHasData ? 'lost its data' : 'has data though deleted';
  if (row.data !== null && !same) return 'has data that differs from its last revision';
  return undefined;
}

/** Whether stored Ion `data` is a value whose hash is `hash`. */
function sameData(data: unknown, hash: Uint8Array): boolean {
  const stored = storedDataHash(data);
  return stored !== null && Buffer.from(stored).equals(hash);
}

export function decode(data: unknown): IonStructObject | undefined {
  return decodeStored(data) as IonStructObject | undefined;
}
