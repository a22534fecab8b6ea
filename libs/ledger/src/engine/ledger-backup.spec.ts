// Ledger.backup: a copy of an SQLite ledger's file taken while callers commit, which opens as a
// ledger holding the same journal up to its tip and verifies clean; an encrypted ledger's copy
// opens only with its key; bad destinations, a principal without `export`, an in-memory or
// PostgreSQL ledger are refused with nothing written; a file created at the destination while the
// copy was checked is not replaced; a copy altered before its check, or swapped for another
// ledger's file, is not placed. (A process killed mid-backup: test/backup-crash.e2e-spec.ts.)
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import Database from 'better-sqlite3';
import '../partiql';
import { AccessDeniedError, InvalidArgumentError, Ledger, runAsPrincipal } from '.';
import { NotALedgerError, type StorageOptions } from '../storage';
import { openTestLedger, removeTempLedgers, storageAt, tempLedgerPath } from './test-ledger.fixture';
import { hookSqliteStatements } from './sqlite-statement-hook.fixture';
import { onPostgres, onSqlite, tempFilePath } from './test-storage.fixture';

afterAll(removeTempLedgers);

/** A ledger with a table and `documents` documents in it. */
async function ledgerWith(documents: number, location = tempLedgerPath()): Promise<Ledger> {
  const ledger = await openTestLedger(location);
  await ledger.query('CREATE TABLE Accounts');
  for (let i = 0; i < documents; i++) await ledger.query('INSERT INTO Accounts ?', { owner: `owner-${i}`, balance: i });
  return ledger;
}

/** The block hashes of blocks 0..tip, base64, for comparing two journals. */
async function blockHashes(ledger: Ledger, tip: number): Promise<string[]> {
  return (await ledger.readBlocks(0, tip, { revisions: false })).map((block) => Buffer.from(block.blockHash).toString('base64'));
}

/** The files of backups in progress left beside `file`. */
function buildingFilesBeside(file: string): string[] {
  return readdirSync(dirname(file)).filter((name) => name.startsWith(`${basename(file)}.backup-`));
}

describe('Ledger.backup', () => {
  onSqlite('copies a ledger that callers are committing to: the copy holds its journal up to the copy’s tip and verifies clean', async () => {
    const location = tempLedgerPath();
    const ledger = await ledgerWith(5, location);
    let writing = true;
    let committed = 0;
    let tenMore: () => void = () => undefined;
    const tenCommitted = new Promise<void>((resolve) => (tenMore = resolve));
    const writers = Array.from({ length: 8 }, async (_, writer) => {
      for (let i = 0; writing; i++) {
        await ledger.query('INSERT INTO Accounts ?', { owner: `writer-${writer}-${i}`, balance: i });
        if (++committed === 10) tenMore();
      }
    });
    await tenCommitted;
    const destination = tempFilePath('backup.ledger');
    const backup = await ledger.backup(destination);
    writing = false;
    await Promise.all(writers);

    const tip = backup.digest.digestTipAddress.sequenceNo;
    expect(tip).toBeGreaterThanOrEqual(5 + 10);
    expect(backup).toEqual({ file: destination, bytes: readFileSync(destination).length, digest: expect.anything() });
    const copy = await Ledger.openExisting({ storage: { type: 'sqlite', database: destination }, readOnly: true });
    try {
      expect(await copy.getDigest()).toEqual(backup.digest);
      expect(await blockHashes(copy, tip)).toEqual(await blockHashes(ledger, tip));
      expect((await copy.verify()).problems).toEqual([]);
    } finally {
      await copy.close();
    }
    const file = new Database(destination, { readonly: true });
    expect(file.pragma('journal_mode', { simple: true })).toBe('wal');
    file.close();
    expect(buildingFilesBeside(destination)).toEqual([]);
    await ledger.query('INSERT INTO Accounts ?', { owner: 'after the backup', balance: 0 });
    await ledger.close();
  });

  onSqlite('copies an encrypted ledger into a file encrypted with the same key', async () => {
    const key = 'the passphrase of the backup test';
    const ledger = await Ledger.open({ name: 'vault', storage: { type: 'sqlite', database: tempLedgerPath(), encryption: { key } } });
    await ledger.query('CREATE TABLE Secrets');
    await ledger.query("INSERT INTO Secrets VALUE {'plain': 'text nobody may read from the copy'}");
    const destination = tempFilePath('vault-backup.ledger');
    const backup = await ledger.backup(destination);
    await ledger.close();

    expect(readFileSync(destination).includes('text nobody may read')).toBe(false);
    expect(readFileSync(destination).subarray(0, 16).toString('latin1')).not.toBe('SQLite format 3\0');
    await expect(Ledger.openExisting({ storage: { type: 'sqlite', database: destination } })).rejects.toThrow(NotALedgerError);
    const copy = await Ledger.openExisting({ storage: { type: 'sqlite', database: destination, encryption: { key } }, readOnly: true });
    try {
      expect(await copy.getDigest()).toEqual(backup.digest);
      expect((await copy.verify()).problems).toEqual([]);
    } finally {
      await copy.close();
    }
  });

  onSqlite('refuses a destination where a file is, or where another database’s log lies, writing nothing', async () => {
    const ledger = await ledgerWith(1);
    const occupied = tempFilePath('occupied.ledger');
    writeFileSync(occupied, 'a file that must stay as it is');
    await expect(ledger.backup(occupied)).rejects.toThrow(new InvalidArgumentError(`${occupied} already exists; back up into a new file`, occupied));
    expect(readFileSync(occupied, 'utf8')).toBe('a file that must stay as it is');

    const beside = tempFilePath('beside.ledger');
    writeFileSync(`${beside}-wal`, 'the log of a database no longer there');
    await expect(ledger.backup(beside)).rejects.toThrow(InvalidArgumentError);
    await expect(ledger.backup(beside)).rejects.toThrow(`${beside}-wal lies where the new file would go`);
    expect(existsSync(beside)).toBe(false);
    expect(buildingFilesBeside(beside)).toEqual([]);

    for (const destination of ['', ':memory:', undefined, 42]) {
      await expect(ledger.backup(destination as string)).rejects.toThrow(InvalidArgumentError);
    }
    await ledger.close();
  });

  onSqlite('does not place the copy over a file created at the destination while the copy was taken', async () => {
    const ledger = await ledgerWith(3);
    const destination = tempFilePath('raced.ledger');
    const restore = hookSqliteStatements((sql) => sql.startsWith('VACUUM INTO'), { after: () => writeFileSync(destination, 'a file another process created meanwhile') });
    try {
      await expect(ledger.backup(destination)).rejects.toThrow(new InvalidArgumentError(`${destination} was created meanwhile; the backup was not placed at ${destination}`, destination));
    } finally {
      restore();
    }
    expect(readFileSync(destination, 'utf8')).toBe('a file another process created meanwhile');
    expect(buildingFilesBeside(destination)).toEqual([]);
    await ledger.close();
  });

  onSqlite('does not place a copy altered before its check', async () => {
    const ledger = await ledgerWith(3);
    const altered = tempFilePath('altered.ledger');
    const restore = hookSqliteStatements((sql) => sql.startsWith('VACUUM INTO'), { after: ([temp]) => alterTipBlockHash(temp as string) });
    try {
      await expect(ledger.backup(altered)).rejects.toThrow(NotALedgerError);
    } finally {
      restore();
    }
    expect(existsSync(altered)).toBe(false);
    expect(buildingFilesBeside(altered)).toEqual([]);
    await ledger.close();
  });

  onSqlite('does not place a copy swapped for another ledger’s file before its check', async () => {
    const other = await ledgerWith(3);
    const othersFile = (await other.backup(tempFilePath('other.ledger'))).file;
    await other.close();
    const ledger = await ledgerWith(3);
    const tip = (await ledger.getDigest()).digestTipAddress.sequenceNo;
    const foreign = tempFilePath('foreign.ledger');
    const restore = hookSqliteStatements((sql) => sql.startsWith('VACUUM INTO'), { after: ([temp]) => copyFileSync(othersFile, temp as string) });
    try {
      await expect(ledger.backup(foreign)).rejects.toThrow(`the copy's block ${tip} is not the ledger's block ${tip}; the backup was not placed at ${foreign}`);
    } finally {
      restore();
    }
    expect(existsSync(foreign)).toBe(false);
    expect(buildingFilesBeside(foreign)).toEqual([]);
    await ledger.close();
  });

  onSqlite('is refused to a principal without `export`, before anything is written', async () => {
    const ledger = await openTestLedger(tempLedgerPath(), { accessControl: { administrators: ['admin'], recheckMs: 0 } });
    await runAsPrincipal('admin', async () => {
      await ledger.access.defineRole('archivist', [{ action: 'export' }]);
      await ledger.access.grantRole('arch', 'archivist');
    });
    const refused = tempFilePath('refused.ledger');
    const refusal = await runAsPrincipal('mallory', () => ledger.backup(refused)).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(AccessDeniedError);
    expect(refusal).toMatchObject({ principal: 'mallory', action: 'export' });
    expect(existsSync(refused)).toBe(false);
    const allowed = tempFilePath('allowed.ledger');
    await runAsPrincipal('arch', () => ledger.backup(allowed));
    expect(existsSync(allowed)).toBe(true);
    await ledger.close();
  });

  onSqlite('is refused for an in-memory ledger', async () => {
    const ledger = await Ledger.open({ name: 'memory', storage: { type: 'sqlite', database: ':memory:' } });
    await expect(ledger.backup(tempFilePath('memory.ledger'))).rejects.toThrow(new InvalidArgumentError('an in-memory ledger has no file to back up; exportJournal copies its journal', ':memory:'));
    await ledger.close();
  });

  onPostgres('is refused for a PostgreSQL ledger, which PostgreSQL backs up', async () => {
    const ledger = await Ledger.open({ name: 'pg', storage: storageAt(tempLedgerPath()) as StorageOptions });
    const destination = tempFilePath('pg.ledger');
    await expect(ledger.backup(destination)).rejects.toThrow(InvalidArgumentError);
    await expect(ledger.backup(destination)).rejects.toThrow(/backed up by PostgreSQL/);
    expect(existsSync(destination)).toBe(false);
    await ledger.close();
  });
});

/** Overwrites the hash of the last block in the SQLite file at `path`, as an attacker who controls the file could (its triggers dropped first). */
function alterTipBlockHash(path: string): void {
  const file = new Database(path);
  try {
    const triggers = file.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'journal_block'").all() as Array<{ name: string }>;
    for (const { name } of triggers) file.exec(`DROP TRIGGER "${name}"`);
    file.prepare('UPDATE journal_block SET block_hash = zeroblob(32) WHERE sequence_no = (SELECT max(sequence_no) FROM journal_block)').run();
  } finally {
    file.close();
  }
}
