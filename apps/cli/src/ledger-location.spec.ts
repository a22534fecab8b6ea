// The `<db>` argument: a postgres:// URL that cannot be parsed is refused without being repeated,
// since it may hold a password; an SQLite file's passphrase comes from the file the environment names.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliError } from './cli-error';
import { storageOf } from './ledger-location';

const directory = mkdtempSync(join(tmpdir(), 'ledger-location-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('storageOf', () => {
  it('reads the schema from a postgres URL and keeps the rest', () => {
    expect(storageOf('postgres://app@db.example/ledgerdb?schema=ledger')).toEqual({ type: 'postgres', url: 'postgres://app@db.example/ledgerdb', schema: 'ledger' });
  });

  it('refuses an unparsable postgres URL without repeating its password', () => {
    const refuse = () => storageOf('postgres://app:Pw#7f3a/S3CRET@db.example:port/ledgerdb');
    expect(refuse).toThrow(CliError);
    expect(refuse).toThrow(/^<db> is not a valid postgres:\/\/ URL/);
    expect(refuse).not.toThrow(/S3CRET/);
  });

  it('gives an SQLite file the passphrase of LEDGER_ENCRYPTION_KEY_FILE, without its trailing newline, and LEDGER_ENCRYPTION_CIPHER', () => {
    const keyFile = join(directory, 'key');
    writeFileSync(keyFile, 'a passphrase with spaces \n');
    expect(storageOf('vault.ledger', { LEDGER_ENCRYPTION_KEY_FILE: keyFile })).toEqual({ type: 'sqlite', database: 'vault.ledger', encryption: { key: 'a passphrase with spaces ' } });
    expect(storageOf('vault.ledger', { LEDGER_ENCRYPTION_KEY_FILE: keyFile, LEDGER_ENCRYPTION_CIPHER: 'chacha20' })).toEqual({
      type: 'sqlite',
      database: 'vault.ledger',
      encryption: { key: 'a passphrase with spaces ', cipher: 'chacha20' },
    });
    expect(storageOf('plain.ledger', {})).toEqual({ type: 'sqlite', database: 'plain.ledger' });
  });

  it('refuses a key file that is missing or holds no passphrase, naming the file', () => {
    const empty = join(directory, 'empty');
    writeFileSync(empty, '\n');
    expect(() => storageOf('vault.ledger', { LEDGER_ENCRYPTION_KEY_FILE: empty })).toThrow(new CliError(`the encryption key file ${empty} (LEDGER_ENCRYPTION_KEY_FILE) holds no passphrase`));
    expect(() => storageOf('vault.ledger', { LEDGER_ENCRYPTION_KEY_FILE: join(directory, 'missing') })).toThrow(/cannot read the encryption key file .*missing: ENOENT/);
  });
});
