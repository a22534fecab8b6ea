// The built `ledger` command against PostgreSQL (the `postgres` jest project's throw-away server):
// verify a ledger by URL (valid, tampered, missing), export it and import it into another schema
// with the same digest, and a refused import that leaves no ledger behind.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toIon } from 'nestjs-ledger';
import { openTestLedger, removeTempLedgers, tempLedgerPath } from '../libs/ledger/src/engine/test-ledger.fixture';
import { tempFilePath, testStorage } from '../libs/ledger/src/engine/test-storage.fixture';
import { buildCli, ledgerCli } from './support/cli';

/** The `<db>` URL of the ledger in `schema`. */
function urlOf(schema: string): string {
  const url = new URL(process.env.LEDGER_TEST_POSTGRES_URL as string);
  url.searchParams.set('schema', schema);
  return url.toString();
}

let schema: string;
let updatedIn: number;

beforeAll(async () => {
  buildCli();
  schema = tempLedgerPath('cli_source');
  const ledger = await openTestLedger(schema);
  await ledger.query('CREATE TABLE Account');
  await ledger.query('CREATE INDEX ON Account (owner)');
  for (let i = 0; i < 12; i++) await ledger.query('INSERT INTO Account ?', { owner: `o${i}`, balance: i + 0.25 });
  updatedIn = (await ledger.transact((tx) => tx.executeStatement("UPDATE Account SET balance = 0 WHERE owner = 'o5'"))).block!.blockAddress.sequenceNo;
  await ledger.close();
});

afterAll(removeTempLedgers);

describe('ledger on PostgreSQL', () => {
  it('verifies a ledger given by URL, and refuses a schema without one', async () => {
    const run = await ledgerCli(['verify', urlOf(schema)]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^valid: 16 blocks verified/);
    const empty = await ledgerCli(['verify', urlOf(tempLedgerPath('cli_empty'))]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/is not a usable ledger: it holds no ledger/);
  });

  it('exports and imports into another schema with the same digest', async () => {
    const directory = tempFilePath('pg-export');
    expect((await ledgerCli(['export', urlOf(schema), directory, '--format', 'ion-binary', '--max-file-bytes', '2048'])).code).toBe(0);
    const target = tempLedgerPath('cli_target');
    const imported = await ledgerCli(['import', directory, urlOf(target)]);
    expect(imported.code).toBe(0);
    const digests = await Promise.all([schema, target].map(async (s) => (await ledgerCli(['digest', urlOf(s), '--tip', '9'])).stdout));
    expect(digests[1]).toBe(digests[0]);
    expect(imported.stdout).toContain((await ledgerCli(['verify', urlOf(schema), '--json'])).stdout.match(/"digest":"([^"]+)"/)![1]);
    expect((await ledgerCli(['verify', urlOf(target)])).code).toBe(0);
    expect((await ledgerCli(['import', directory, urlOf(target)])).stderr).toMatch(/already holds a ledger; import into a new one/);

    const altered = tempFilePath('pg-altered');
    const textExport = await ledgerCli(['export', urlOf(schema), altered]);
    expect(textExport.code).toBe(0);
    const file = readdirSync(altered).find((f) => f.endsWith('.ion'))!;
    writeFileSync(join(altered, file), readFileSync(join(altered, file), 'utf8').replace('owner:"o7"', 'owner:"o8"'));
    const refusedInto = tempLedgerPath('cli_refused');
    const refused = await ledgerCli(['import', altered, urlOf(refusedInto)]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/import refused: block \d+ in .* does not verify: REVISION_HASH_MISMATCH/);
    expect((await ledgerCli(['verify', urlOf(refusedInto)])).stderr).toMatch(/it holds no ledger/);
  });

  it('finds a tampered revision and names its block', async () => {
    const sql = await testStorage.raw(schema);
    await sql.allowChanges('journal_revision');
    await sql.query('UPDATE journal_revision SET data = ? WHERE sequence_no = ?', [Buffer.from(toIon({ owner: 'o5', balance: 500 }, 'binary')), updatedIn]);
    await sql.close();
    const run = await ledgerCli(['verify', urlOf(schema)]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`^ledger: the ledger does not verify: block ${updatedIn} REVISION_HASH_MISMATCH`));
  });
});
