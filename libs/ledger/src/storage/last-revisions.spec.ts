// verify()'s read of each document's last revision (selectLastRevisionsOfDocuments), on real storage
// (an SQLite file, or PostgreSQL in the postgres project): up to a tip inside the documents'
// histories, it returns exactly what reading every revision in journal order and keeping each
// document's last would, one row per document whatever the history's length, and, where rows of
// one block repeat a document (a tampered table), all of that block's rows in order, so that the
// last still wins.
import { openTestLedger, removeTempLedgers, storageAt, tempLedgerPath } from '../engine/test-ledger.fixture';
import { selectLastRevisionsOfDocuments, type RevisionRow } from './ledger-repository';
import { openStorage } from './open-storage';
import type { SqlQuery } from './sql-storage';

afterAll(removeTempLedgers);

const UPDATES = 40;

/** Every revision row of `documentIds` up to `tip`, in journal order: what the last revisions are taken from. */
const allRevisions = (query: SqlQuery, documentIds: readonly string[], tip: number) =>
  query<RevisionRow>(
    `SELECT sequence_no AS "sequenceNo", position, table_id AS "tableId", document_id AS "documentId", version, hash, metadata, data, data_hash AS "dataHash"
       FROM journal_revision WHERE document_id IN (${documentIds.map(() => '?').join(', ')}) AND sequence_no <= ? ORDER BY sequence_no, position`,
    [...documentIds, tip],
  );

/** The last of `rows` for each document, by document id. */
const lastOf = (rows: readonly RevisionRow[]) => new Map(rows.map((row) => [row.documentId, row]));

describe("the last revision of each document, as verify() reads it", () => {
  it('is the last in journal order up to the tip, read as one row per document, and a repeated row still comes last', async () => {
    const location = tempLedgerPath('last-revisions');
    const ledger = await openTestLedger(location);
    await ledger.execute((tx) => tx.createTable('Item'));
    const [updated, deleted, once] = await ledger.execute((tx) => [tx.insert('Item', { n: 0 }), tx.insert('Item', { n: 0 }), tx.insert('Item', { n: 0 })]);
    const tips: number[] = []; // the block of each update
    for (let n = 1; n <= UPDATES; n++) {
      await ledger.execute(async (tx) => {
        await tx.update('Item', updated, { n });
        if (n === 3) await tx.delete('Item', deleted);
      });
      tips.push((await ledger.getDigest()).digestTipAddress.sequenceNo);
    }
    await ledger.close();
    const storage = await openStorage(storageAt(location));
    const ids = [updated, deleted, once];
    try {
      for (const tip of [tips[1], tips[20], tips[UPDATES - 1]]) {
        const [last, reference] = await storage.read(async (query) => [await selectLastRevisionsOfDocuments(query, ids, tip), await allRevisions(query, ids, tip)] as const);
        expect(last).toHaveLength(3);
        expect(lastOf(last)).toEqual(lastOf(reference));
      }
      expect(Number(lastOf(await storage.read((query) => selectLastRevisionsOfDocuments(query, ids, tips[20]))).get(updated)?.version)).toBe(21);

      await storage.write((query) =>
        query(`INSERT INTO journal_revision SELECT sequence_no, position + 100, table_id, document_id, version + 1, hash, metadata, data, data_hash FROM journal_revision WHERE document_id = ?`, [once]),
      );
      const tip = tips[UPDATES - 1];
      const [last, reference] = await storage.read(async (query) => [await selectLastRevisionsOfDocuments(query, ids, tip), await allRevisions(query, ids, tip)] as const);
      expect(last).toHaveLength(4);
      expect(lastOf(last)).toEqual(lastOf(reference));
      expect(Number(lastOf(last).get(once)?.version)).toBe(1);
    } finally {
      await storage.close();
    }
  });
});
