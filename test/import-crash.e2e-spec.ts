// An import into a new SQLite ledger whose process is killed mid-import, at a known point: before
// its second write of blocks (20 blocks written into its transaction, none committed;
// support/importing.child.ts). The ledger's path then holds nothing; the temporary file the import
// was building had no log beside it (written once, without the write-ahead log) and is left for the
// operator to remove; the same import run again gives the source's digest, a clean verify(), and
// a file in WAL mode. An import whose process has the id of a killed one (a container's first
// process, every run) finds that one's temporary file under its own name, and builds anew. The
// imported ledger is never placed over a file created at its path while the import ran, nor beside
// a log another database left there.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import Database from 'better-sqlite3';
import { exportJournal, importJournal, InvalidArgumentError, Ledger } from 'nestjs-ledger';
import { hookSqliteStatements } from '../libs/ledger/src/engine/sqlite-statement-hook.fixture';
import { removeTempLedgers, tempLedgerPath } from '../libs/ledger/src/engine/test-ledger.fixture';
import { ordersLedger } from './support/orders-ledger';
import { runUntilStopped } from './support/stopped-child';

afterAll(removeTempLedgers);

const CHILD = 'test/support/importing.child.ts';

/** An Ion binary export of the 61 blocks of ordersLedger in data files of about 4 KB, and the source's digest. */
async function smallExport(): Promise<{ exported: string; digest: Uint8Array }> {
  const database = tempLedgerPath('source');
  const digest = await ordersLedger(database);
  const exported = `${tempLedgerPath('export')}.d`;
  const ledger = await Ledger.openExisting({ storage: { type: 'sqlite', database } });
  try {
    await exportJournal(ledger, exported, { format: 'ion-binary', maxFileBytes: 4_000 });
  } finally {
    await ledger.close();
  }
  return { exported, digest };
}

describe('an import into a new SQLite ledger killed mid-import', () => {
  it('leaves nothing at the ledger path, wrote no log, and the import run again gives the source ledger', async () => {
    const { exported, digest } = await smallExport();
    const target = tempLedgerPath('imported');

    const stopped = await runUntilStopped(CHILD, [exported, JSON.stringify({ type: 'sqlite', database: target })]);
    expect(stopped).toEqual({ file: expect.stringMatching(/\.importing-\d+$/), log: false });
    expect(existsSync(target)).toBe(false);
    expect(existsSync(stopped.file as string)).toBe(true);

    rmSync(stopped.file as string);
    const result = await importJournal(exported, { type: 'sqlite', database: target });
    expect(Buffer.from(result.digest.digest).equals(Buffer.from(digest))).toBe(true);
    const imported = await Ledger.openExisting({ storage: { type: 'sqlite', database: target } });
    try {
      expect((await imported.verify()).problems).toEqual([]);
    } finally {
      await imported.close();
    }
    const db = new Database(target, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it("replaces what a killed process of its own id left under its temporary file's name", async () => {
    const { exported, digest } = await smallExport();
    const target = tempLedgerPath('imported');
    writeFileSync(`${target}.importing-${process.pid}`, 'half of a file a killed import was building');
    writeFileSync(`${target}.importing-${process.pid}-wal`, 'and its log');

    const result = await importJournal(exported, { type: 'sqlite', database: target });
    expect(Buffer.from(result.digest.digest).equals(Buffer.from(digest))).toBe(true);
    expect([existsSync(`${target}.importing-${process.pid}`), existsSync(`${target}.importing-${process.pid}-wal`)]).toEqual([false, false]);
  });

  it('is not placed over a file created at its path while it ran, and leaves nothing of its own', async () => {
    const { exported } = await smallExport();
    const target = tempLedgerPath('imported');
    let blockWrites = 0;
    const createTarget = () => writeFileSync(target, 'a file another process created meanwhile');
    const restore = hookSqliteStatements((sql) => sql.startsWith('INSERT INTO journal_block'), { before: () => ++blockWrites === 2 && createTarget() });
    try {
      const refused = importJournal(exported, { type: 'sqlite', database: target }, { workers: 0, pageSize: 20 });
      await expect(refused).rejects.toThrow(InvalidArgumentError);
      await expect(refused).rejects.toThrow(`${target} was created meanwhile; the imported ledger was not placed at ${target}`);
    } finally {
      restore();
    }
    expect(readFileSync(target, 'utf8')).toBe('a file another process created meanwhile');
    expect(importingFilesBeside(target)).toEqual([]);
  });

  it.each(['-wal', '-journal'])("refuses a path beside which another database's %s lies, and writes nothing", async (suffix) => {
    const { exported } = await smallExport();
    const target = tempLedgerPath('imported');
    writeFileSync(`${target}${suffix}`, 'what a deleted database left');

    const refused = importJournal(exported, { type: 'sqlite', database: target });
    await expect(refused).rejects.toThrow(InvalidArgumentError);
    await expect(refused).rejects.toThrow(`${target}${suffix} lies where the new file would go`);
    expect(existsSync(target)).toBe(false);
    expect(readFileSync(`${target}${suffix}`, 'utf8')).toBe('what a deleted database left');
    expect(importingFilesBeside(target)).toEqual([]);
  });
});

/** The temporary files of imports into `target` still in its directory. */
function importingFilesBeside(target: string): string[] {
  return readdirSync(dirname(target)).filter((name) => name.startsWith(`${basename(target)}.importing-`));
}
