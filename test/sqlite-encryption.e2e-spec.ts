// The SQLite file encrypted at rest (storage.encryption, through better-sqlite3-multiple-ciphers):
// neither the file nor its write-ahead log holds a stored value's bytes; the ledger reopens with
// its key (given or provided) and verifies; a wrong key, a missing one, or a key for a plain file
// are typed errors that never show the key and change nothing; the default cipher writes SQLCipher
// 4's format; an import into an encrypted file leaves no plaintext either; a process without the
// binding gets MissingDriverError naming it.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { EncryptionKeyError, exportJournal, importJournal, InvalidArgumentError, Ledger, NotALedgerError, type SqliteStorageOptions } from 'nestjs-ledger';
import { removeTempLedgers, tempLedgerPath } from '../libs/ledger/src/engine/test-ledger.fixture';

const root = join(__dirname, '..');
afterAll(removeTempLedgers);

const MARKER = 'plaintext-marker-5e0c2b';
const KEY = 'correct horse battery staple';

function storage(database: string, encryption?: SqliteStorageOptions['encryption']): SqliteStorageOptions {
  return { type: 'sqlite', database, ...(encryption ? { encryption } : {}) };
}

function filesHold(database: string, text: string): boolean {
  return [database, `${database}-wal`].some((path) => existsSync(path) && readFileSync(path).includes(Buffer.from(text)));
}

/** An encrypted ledger holding one document with MARKER, closed. */
async function encryptedLedger(encryption: SqliteStorageOptions['encryption'] = { key: KEY }): Promise<string> {
  const database = tempLedgerPath('encrypted');
  const ledger = await Ledger.open({ name: 'vault', storage: storage(database, encryption) });
  await ledger.execute((tx) => tx.createTable('Secret'));
  await ledger.execute((tx) => tx.insert('Secret', { text: MARKER }));
  expect(filesHold(database, MARKER)).toBe(false); // the log, while open, is encrypted too
  await ledger.close();
  return database;
}

describe('an SQLite ledger encrypted at rest', () => {
  it('keeps no plaintext in the file or its log, and reopens with its key and verifies', async () => {
    const database = await encryptedLedger();
    expect(filesHold(database, MARKER)).toBe(false);
    expect(readFileSync(database).subarray(0, 16).toString('latin1')).not.toBe('SQLite format 3\0');
    const ledger = await Ledger.open({ name: 'vault', storage: storage(database, { keyProvider: async () => Buffer.from(KEY) }) });
    expect((await ledger.query('SELECT VALUE s.text FROM Secret AS s'))).toEqual([MARKER]);
    expect(await ledger.verify({ all: true })).toMatchObject({ valid: true, problems: [] });
    await ledger.close();
  });

  it('writes SQLCipher 4 format by default, which SQLCipher settings open', async () => {
    const database = await encryptedLedger();
    const db = new Database(database, { readonly: true });
    db.pragma("cipher = 'sqlcipher'");
    db.pragma('legacy = 4');
    db.key(Buffer.from(KEY));
    expect((db.prepare('SELECT COUNT(*) AS n FROM journal_block').get() as { n: number }).n).toBe(3);
    db.close();
  });

  it('takes another cipher', async () => {
    const database = await encryptedLedger({ key: KEY, cipher: 'chacha20' });
    await expect(Ledger.open({ name: 'vault', storage: storage(database, { key: KEY }) })).rejects.toThrow(EncryptionKeyError);
    const ledger = await Ledger.open({ name: 'vault', storage: storage(database, { key: KEY, cipher: 'chacha20' }) });
    expect(await ledger.verify()).toMatchObject({ valid: true });
    await ledger.close();
  });

  it('refuses a wrong key with EncryptionKeyError, naming the file and never the key, and changes nothing', async () => {
    const database = await encryptedLedger();
    const before = readFileSync(database);
    const error = await Ledger.open({ name: 'vault', storage: storage(database, { key: 'wrong key 4af1' }) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EncryptionKeyError);
    expect((error as Error).message).toContain(database);
    expect(`${(error as Error).message} ${JSON.stringify((error as EncryptionKeyError).value)}`).not.toMatch(/wrong key 4af1|correct horse/);
    expect(readFileSync(database).equals(before)).toBe(true);
  });

  it('refuses an encrypted file opened without a key, and a plain file opened with one', async () => {
    const database = await encryptedLedger();
    await expect(Ledger.open({ name: 'vault', storage: storage(database) })).rejects.toThrow(NotALedgerError);
    await expect(Ledger.open({ name: 'vault', storage: storage(database) })).rejects.toThrow(/storage.encryption/);
    const plain = tempLedgerPath('plain');
    await (await Ledger.open({ name: 'vault', storage: storage(plain) })).close();
    await expect(Ledger.open({ name: 'vault', storage: storage(plain, { key: KEY }) })).rejects.toThrow(EncryptionKeyError);
  });

  it.each([
    ['both a key and a provider', { key: KEY, keyProvider: () => KEY }, /a key or a keyProvider, exactly one/],
    ['neither', {}, /a key or a keyProvider, exactly one/],
    ['an empty key', { key: '' }, /non-empty string or Uint8Array/],
    ['an unknown cipher', { key: KEY, cipher: 'rot13' }, /cipher must be one of sqlcipher, .*, not "rot13"/],
  ])('refuses options with %s (InvalidArgumentError, the key redacted from its value)', async (_case, encryption, message) => {
    const error = await Ledger.open({ name: 'vault', storage: storage(tempLedgerPath('bad'), encryption as never) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as Error).message).toMatch(message);
    expect(JSON.stringify((error as InvalidArgumentError).value)).not.toContain('correct horse');
  });

  it('imports into an encrypted file that holds no plaintext, built without a log, and reopens in WAL mode with its key', async () => {
    const source = await encryptedLedger();
    const exported = `${tempLedgerPath('export')}.d`;
    const ledger = await Ledger.open({ name: 'vault', storage: storage(source, { key: KEY }) });
    const { digest } = await ledger.getDigest();
    await exportJournal(ledger, exported, { format: 'ion-binary' });
    await ledger.close();

    const target = tempLedgerPath('imported');
    await importJournal(exported, storage(target, { key: KEY }));
    expect(filesHold(target, MARKER)).toBe(false);
    expect(readFileSync(target).subarray(0, 16).toString('latin1')).not.toBe('SQLite format 3\0');
    const imported = await Ledger.openExisting({ storage: storage(target, { key: KEY }) });
    try {
      expect(Buffer.from((await imported.getDigest()).digest).equals(Buffer.from(digest))).toBe(true);
      expect(await imported.verify({ all: true })).toMatchObject({ valid: true, problems: [] });
    } finally {
      await imported.close();
    }
    const db = new Database(target, { readonly: true });
    db.pragma("cipher = 'sqlcipher'");
    db.pragma('legacy = 4');
    db.key(Buffer.from(KEY));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('refuses an in-memory database with an encryption key', async () => {
    await expect(Ledger.open({ name: 'vault', storage: { type: 'sqlite', database: ':memory:', encryption: { key: KEY } } })).rejects.toThrow(/in-memory database is never on disk/);
  });

  it('without better-sqlite3-multiple-ciphers installed: MissingDriverError naming it', () => {
    const script = `require('nestjs-ledger').Ledger.open({ name: 'vault', storage: { type: 'sqlite', database: ${JSON.stringify(tempLedgerPath('nodriver'))}, encryption: { key: 'k' } } })
      .then(() => console.log('opened'), (e) => console.log(JSON.stringify({ code: e.code, packageName: e.packageName, message: e.message })))`;
    const output = execFileSync(process.execPath, ['-r', './test/support/register-ts.js', '-r', './test/support/without-module.js', '-e', script], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, WITHOUT_MODULES: 'better-sqlite3-multiple-ciphers' },
    });
    expect(JSON.parse(output)).toEqual({
      code: 'MISSING_DRIVER',
      packageName: 'better-sqlite3-multiple-ciphers',
      message: "Encrypted SQLite storage needs the 'better-sqlite3-multiple-ciphers' package: install it with npm install better-sqlite3-multiple-ciphers",
    });
  });
});
