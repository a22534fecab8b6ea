// The write-ahead log of a ledger file: it grows past SQLite's default of 1,000 pages before a
// commit checkpoints it (a commit of one block writes about 12 pages), and no further than the
// ledger's limit and one commit's pages (checkpointed, then written again from its start).
import { statSync } from 'node:fs';
import { removeTempLedgers } from '../../engine/test-ledger.fixture';
import { tempFilePath } from '../../engine/test-storage.fixture';
import { SqliteStorage } from './sqlite-storage';

afterAll(removeTempLedgers);

/** Pages of data each commit of the test writes: 100 rows of a page each (plus the pages of the table's B-tree). */
const ROWS_PER_COMMIT = 100;

describe('the write-ahead log of an SQLite ledger file', () => {
  it('holds 4,000 pages unchecked, and is checkpointed and reused before 10,000 pages and one commit', async () => {
    const database = tempFilePath('checkpoint.ledger');
    const storage = await SqliteStorage.open({ type: 'sqlite', database, synchronous: 'NORMAL' });
    try {
      const pageSize = await storage.read(async (query) => Number((await query<{ page_size: number }>('PRAGMA page_size'))[0].page_size));
      const walPages = () => statSync(`${database}-wal`).size / (pageSize + 24); // each frame: a 24-byte header and a page
      await storage.write((query) => query('CREATE TABLE filler (body BLOB NOT NULL)'));
      const fill = `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${ROWS_PER_COMMIT}) INSERT INTO filler (body) SELECT randomblob(${pageSize - 200}) FROM n`;
      const commit = () => storage.write((query) => query(fill));
      const commits = async (count: number) => { for (let i = 0; i < count; i++) await commit(); };

      await commits(40); // about 4,000 pages: over SQLite's default
      expect(walPages()).toBeGreaterThan(4_000);

      await commits(100); // about 14,000 pages in all: over the ledger's 10,000
      expect(walPages()).toBeLessThan(10_000 + 2 * ROWS_PER_COMMIT);
      const rows = await storage.read(async (query) => Number((await query<{ n: number }>('SELECT COUNT(*) AS n FROM filler'))[0].n));
      expect(rows).toBe(140 * ROWS_PER_COMMIT);
    } finally {
      await storage.close();
    }
  });
});
