// The `ledger` command on an SQLite ledger encrypted at rest: the passphrase comes from the file
// LEDGER_ENCRYPTION_KEY_FILE names. Without it the file is refused as encrypted; with a wrong one
// as not opening, never repeating the key; with the right one verify, query, backup, export and
// import work, and the backup and the imported ledger are encrypted with it too.
import { readFileSync, writeFileSync } from 'node:fs';
import { Ledger } from 'nestjs-ledger';
import { tempFilePath } from '../libs/ledger/src/engine/test-storage.fixture';
import { removeTempLedgers } from '../libs/ledger/src/engine/test-ledger.fixture';
import { buildCli, ledgerCli } from './support/cli';

const PASSPHRASE = 'the vault passphrase of the cli test';
let vault: string;
let keyFile: string;

beforeAll(async () => {
  buildCli();
  vault = tempFilePath('vault.ledger');
  keyFile = tempFilePath('vault.key');
  writeFileSync(keyFile, `${PASSPHRASE}\n`);
  const ledger = await Ledger.open({ name: 'vault', storage: { type: 'sqlite', database: vault, encryption: { key: PASSPHRASE } } });
  await ledger.query('CREATE TABLE Secret');
  await ledger.query("INSERT INTO Secret VALUE {'text': 'launch code 0000'}");
  await ledger.close();
});

afterAll(removeTempLedgers);

describe('ledger on an encrypted SQLite file', () => {
  it('refuses the file without a key, saying it is encrypted', async () => {
    const run = await ledgerCli(['verify', vault], { env: { LEDGER_ENCRYPTION_KEY_FILE: undefined } });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/an encrypted one opens only with storage\.encryption/);
  });

  it('refuses a wrong key without repeating it', async () => {
    const wrongKey = tempFilePath('wrong.key');
    writeFileSync(wrongKey, 'not-the-passphrase-XYZZY');
    const run = await ledgerCli(['verify', vault], { env: { LEDGER_ENCRYPTION_KEY_FILE: wrongKey } });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/the encryption key does not open the sqlite ledger/);
    expect(run.stderr + run.stdout).not.toContain('XYZZY');
  });

  it('verifies, queries and backs it up with the key, into a copy encrypted with it', async () => {
    const env = { LEDGER_ENCRYPTION_KEY_FILE: keyFile };
    const verified = await ledgerCli(['verify', vault], { env });
    expect(verified).toMatchObject({ code: 0, stderr: '' });
    expect(verified.stdout).toMatch(/^valid: 3 blocks verified/);
    const queried = await ledgerCli(['query', vault, 'SELECT VALUE s.text FROM Secret AS s', '--ion'], { env });
    expect(queried.stdout.trim()).toBe('"launch code 0000"');

    const copy = tempFilePath('vault-copy.ledger');
    const backup = await ledgerCli(['backup', vault, copy], { env });
    expect(backup).toMatchObject({ code: 0, stderr: '' });
    expect(readFileSync(copy).includes('launch code')).toBe(false);
    expect((await ledgerCli(['verify', copy], { env })).code).toBe(0);
    expect((await ledgerCli(['verify', copy], { env: { LEDGER_ENCRYPTION_KEY_FILE: undefined } })).code).toBe(2);
  });

  it('exports it, and imports the export into a new ledger encrypted with the key', async () => {
    const env = { LEDGER_ENCRYPTION_KEY_FILE: keyFile };
    const directory = tempFilePath('vault-export');
    expect((await ledgerCli(['export', vault, directory], { env })).code).toBe(0);
    const imported = tempFilePath('vault-imported.ledger');
    expect((await ledgerCli(['import', directory, imported], { env })).code).toBe(0);
    expect(readFileSync(imported).includes('launch code')).toBe(false);
    const verified = await ledgerCli(['verify', imported], { env });
    expect(verified.stdout).toMatch(/^valid: 3 blocks verified/);
  });
});
