// verify() compares index entries one range of document ids at a time, whatever the ledger's size:
// on a ledger of 1,250 indexed documents (three pages of current documents, 500 a page) no step holds more
// entries than a page of documents implies or a page of stored entries, every stored entry is read
// once, and a stray entry planted before the first document, between two pages or after the last,
// one of a deleted document or of a dropped index, and an entry missing from a middle page, are
// found as on a small ledger. Beside a table without indexes (whose documents' data the comparison
// does not read), a stray entry of one of its documents and the changed data of an indexed
// document are found too.
import { Ledger } from './ledger';
import { tamper } from './tamper.fixture';
import { openTestLedger, removeTempLedgers, storageAt, tempLedgerPath } from './test-ledger.fixture';
import { rawQuery } from './test-storage.fixture';
import { onIndexEntryBatch, type IndexEntryBatch } from './verification/index-entry-checks';

afterAll(removeTempLedgers);

const DOCUMENTS = 1_250;
const PER_BLOCK = 25;
const DOCUMENT_PAGE = 500;
const INDEX_ENTRY_PAGE = 1_000;

interface PagedLedger {
  path: string;
  /** Every current document id (catalog rows included), in the order verify() pages them. */
  documentIds: string[];
  /** The id of the table's index; `dropped`: the id of an index dropped before the documents were written. */
  indexId: string;
  dropped: string;
  deleted: string;
  /** The first document of the second page that has an entry. */
  middle: string;
  tip: number;
}

/** A closed ledger: a table with an index on `code` (and one dropped), `documents` written 25 per block, one of them deleted. */
async function pagedLedger(documents = DOCUMENTS): Promise<PagedLedger> {
  const path = tempLedgerPath('paged');
  const ledger = await openTestLedger(path);
  const { indexId, dropped } = await ledger.execute((tx) => {
    tx.createTable('Item');
    return { indexId: tx.createIndex('Item', 'code'), dropped: tx.createIndex('Item', 'shelf') };
  });
  await ledger.execute((tx) => tx.dropIndex('Item', dropped));
  const ids: string[] = [];
  for (let first = 0; first < documents; first += PER_BLOCK) {
    ids.push(...(await ledger.execute((tx) => Promise.all(Array.from({ length: Math.min(PER_BLOCK, documents - first) }, (_, i) => tx.insert('Item', { code: `c${first + i}`, shelf: i % 7 }))))));
  }
  await ledger.execute((tx) => tx.delete('Item', ids[3]));
  const tip = (await ledger.getDigest()).digestTipAddress.sequenceNo;
  await ledger.close();
  const rows = await rawQuery<{ document_id: string }>(path, 'SELECT document_id FROM ledger_document ORDER BY document_id');
  const documentIds = rows.map((row) => row.document_id);
  expect(documentIds).toHaveLength(documents + 1); // and the table's catalog row
  const [{ middle }] = await rawQuery<{ middle: string }>(path, 'SELECT MIN(document_id) AS middle FROM ledger_index_entry WHERE document_id > ?', [documentIds[DOCUMENT_PAGE]]);
  return { path, documentIds, indexId, dropped, deleted: ids[3], middle, tip };
}

async function verifyAll(path: string) {
  const ledger = await Ledger.openExisting({ storage: storageAt(path) });
  try {
    return await ledger.verify({ all: true });
  } finally {
    await ledger.close();
  }
}

/** Plants a copy of a stored entry of the index for `documentId` under `indexId`. */
function plantEntry(path: string, indexId: string, documentId: string): Promise<void> {
  return tamper(path, (sql) =>
    sql.query(
      `INSERT INTO ledger_index_entry (index_id, value_key, document_id, order_key)
        SELECT ?, value_key, ?, order_key FROM ledger_index_entry ORDER BY document_id LIMIT 1`,
      [indexId, documentId],
    ),
  );
}

function stray(ledger: PagedLedger, documentId: string, sequenceNo = ledger.tip, indexId = ledger.indexId) {
  return [{ code: 'INDEX_MISMATCH', message: `index ${indexId} has an entry for document ${documentId} that its data does not imply`, sequenceNo }];
}

describe('verify() of index entries in pages', () => {
  it('holds no more than a page of entries at once, and reads each stored entry once', async () => {
    const ledger = await pagedLedger();
    expect(ledger.documentIds.length).toBeGreaterThan(2 * DOCUMENT_PAGE);
    const batches: IndexEntryBatch[] = [];
    onIndexEntryBatch((batch) => batches.push(batch));
    try {
      expect(await verifyAll(ledger.path)).toMatchObject({ valid: true, problems: [] });
    } finally {
      onIndexEntryBatch(undefined);
    }
    expect(batches.length).toBeGreaterThanOrEqual(3);
    expect(Math.max(...batches.map((b) => b.expected))).toBeLessThanOrEqual(DOCUMENT_PAGE);
    expect(Math.max(...batches.map((b) => b.stored))).toBeLessThanOrEqual(INDEX_ENTRY_PAGE);
    expect(batches.reduce((sum, b) => sum + b.stored, 0)).toBe(DOCUMENTS - 1);
  });

  // 1,250 documents end on a part page; 999 (and the catalog row) on a full one, after which the pages end empty.
  it.each([DOCUMENTS, 2 * DOCUMENT_PAGE - 1])('finds a stray entry before the first document, between two pages and after the last (%i documents)', async (documents) => {
    const ledger = await pagedLedger(documents);
    const betweenPages = `${ledger.documentIds[DOCUMENT_PAGE - 1]}!`;
    expect(betweenPages < ledger.documentIds[DOCUMENT_PAGE]).toBe(true);
    for (const documentId of ['', '!', betweenPages, '~']) {
      await plantEntry(ledger.path, ledger.indexId, documentId);
      expect((await verifyAll(ledger.path)).problems).toEqual(stray(ledger, documentId));
      await tamper(ledger.path, (sql) => sql.query('DELETE FROM ledger_index_entry WHERE document_id = ?', [documentId]));
    }
    expect((await verifyAll(ledger.path)).valid).toBe(true);
  });

  it("finds an entry of a deleted document, and one of a dropped index, at the document's last block", async () => {
    const ledger = await pagedLedger();
    const { middle } = ledger;
    await plantEntry(ledger.path, ledger.indexId, ledger.deleted);
    expect((await verifyAll(ledger.path)).problems).toEqual(stray(ledger, ledger.deleted));
    await tamper(ledger.path, (sql) => sql.query('DELETE FROM ledger_index_entry WHERE document_id = ?', [ledger.deleted]));
    await plantEntry(ledger.path, ledger.dropped, middle);
    const [{ sequence_no }] = await rawQuery<{ sequence_no: number }>(ledger.path, 'SELECT sequence_no FROM ledger_document WHERE document_id = ?', [middle]);
    expect((await verifyAll(ledger.path)).problems).toEqual(stray(ledger, middle, Number(sequence_no), ledger.dropped));
  });

  it('finds an entry missing from a middle page', async () => {
    const ledger = await pagedLedger();
    const { middle } = ledger;
    await tamper(ledger.path, (sql) => sql.query('DELETE FROM ledger_index_entry WHERE document_id = ?', [middle]));
    const [{ sequence_no }] = await rawQuery<{ sequence_no: number }>(ledger.path, 'SELECT sequence_no FROM ledger_document WHERE document_id = ?', [middle]);
    expect((await verifyAll(ledger.path)).problems).toEqual([
      { code: 'INDEX_MISMATCH', message: `an index entry of document ${middle} is missing`, sequenceNo: Number(sequence_no) },
    ]);
  });

  it('reads the data of the indexed tables only, and finds a stray entry of an unindexed table and changed data of an indexed one', async () => {
    const path = tempLedgerPath('two-tables');
    const ledger = await openTestLedger(path);
    const indexId = await ledger.execute((tx) => {
      tx.createTable('Item');
      tx.createTable('Note');
      return tx.createIndex('Item', 'code');
    });
    const [first, second] = await ledger.execute((tx) => Promise.all([tx.insert('Item', { code: 'a' }), tx.insert('Item', { code: 'b' })]));
    const [note] = await ledger.execute((tx) => Promise.all([tx.insert('Note', { code: 'n' }), tx.insert('Note', { code: 'm' })]));
    await ledger.close();
    expect((await verifyAll(path)).valid).toBe(true);
    await plantEntry(path, indexId, note);
    expect((await verifyAll(path)).problems).toEqual([
      { code: 'INDEX_MISMATCH', message: `index ${indexId} has an entry for document ${note} that its data does not imply`, sequenceNo: expect.any(Number) },
    ]);
    await tamper(path, (sql) => sql.query('DELETE FROM ledger_index_entry WHERE document_id = ?', [note]));
    await tamper(path, (sql) => sql.query('UPDATE ledger_document SET data = (SELECT data FROM ledger_document WHERE document_id = ?) WHERE document_id = ?', [second, first]));
    const problems = (await verifyAll(path)).problems.filter((p) => p.code === 'INDEX_MISMATCH').map((p) => p.message);
    expect(problems).toEqual([`index ${indexId} has an entry for document ${first} that its data does not imply`, `an index entry of document ${first} is missing`]);
  });
});
