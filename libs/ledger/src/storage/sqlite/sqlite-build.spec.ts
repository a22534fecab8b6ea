// A new SQLite file built whole before anyone reads it (an import's): written without a log (no
// write-ahead log beside it however much a transaction writes), refused over an existing file,
// and, once finished, a ledger's file like any other (the write-ahead log, the rows all there).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { removeTempLedgers } from '../../engine/test-ledger.fixture';
import { tempFilePath } from '../../engine/test-storage.fixture';
import { StorageError } from '../storage.error';
import { SqliteStorage } from './sqlite-storage';

afterAll(removeTempLedgers);

/** Rows of about a page each: 4,000 of them overflow SQLite's page cache, so the transaction spills pages before it commits. */
const ROWS = 4_000;

const journalMode = async (storage: SqliteStorage) => storage.read(async (query) => String((await query<{ journal_mode: string }>('PRAGMA journal_mode'))[0].journal_mode));

describe('an SQLite file opened to be built', () => {
  it('is written without a write-ahead log, then finished as a ledger file in WAL mode with every row', async () => {
    const database = tempFilePath('built.ledger');
    const storage = await SqliteStorage.openToBuild({ type: 'sqlite', database });
    let logDuringWrite: boolean | undefined;
    try {
      expect(await journalMode(storage)).toBe('memory');
      await storage.write(async (query) => {
        await query('CREATE TABLE filler (body BLOB NOT NULL)');
        await query(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${ROWS}) INSERT INTO filler (body) SELECT randomblob(3900) FROM n`);
        logDuringWrite = existsSync(`${database}-wal`) || existsSync(`${database}-journal`);
      });
      await storage.finishBuild();
    } finally {
      await storage.close();
    }
    expect(logDuringWrite).toBe(false);

    const reopened = await SqliteStorage.open({ type: 'sqlite', database }, 'check');
    try {
      expect(await journalMode(reopened)).toBe('wal');
      const rows = await reopened.read(async (query) => Number((await query<{ n: number }>('SELECT COUNT(*) AS n FROM filler'))[0].n));
      expect(rows).toBe(ROWS);
    } finally {
      await reopened.close();
    }
  });

  it('refuses a file that exists, or an in-memory database, naming it, and writes nothing', async () => {
    const database = tempFilePath('existing.ledger');
    writeFileSync(database, 'not to be overwritten');
    await expect(SqliteStorage.openToBuild({ type: 'sqlite', database })).rejects.toThrow(new StorageError(`cannot build the sqlite ledger at ${database}: a file built whole must be new`, database));
    await expect(SqliteStorage.openToBuild({ type: 'sqlite', database: ':memory:' })).rejects.toBeInstanceOf(StorageError);
    expect(readFileSync(database, 'utf8')).toBe('not to be overwritten');
    expect(existsSync(`${database}-wal`)).toBe(false);
  });

  it('refuses to finish a file that was opened as a ledger rather than to be built', async () => {
    const database = tempFilePath('opened.ledger');
    const storage = await SqliteStorage.open({ type: 'sqlite', database });
    try {
      await expect(storage.finishBuild()).rejects.toThrow(/was not opened to be built/);
      expect(await journalMode(storage)).toBe('wal');
    } finally {
      await storage.close();
    }
  });
});
