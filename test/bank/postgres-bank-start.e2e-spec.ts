// `npm start`'s built bank on PostgreSQL: DATABASE_URL (with ?schema=) puts the ledger on the
// throw-away server, no SQLite file is made, commands commit there, and SIGTERM closes it cleanly;
// the schema then holds a ledger that verifies. Runs in the jest `postgres` project only.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Decimal, Ledger } from 'nestjs-ledger';
import { testStorage } from '../../libs/ledger/src/engine/test-storage.fixture';
import { buildStartedMain, postJson, startBank } from '../support/bank-process';

const cwd = mkdtempSync(join(tmpdir(), 'nestjs-ledger-bank-postgres-'));
afterAll(async () => {
  await testStorage.removeAll();
  rmSync(cwd, { recursive: true, force: true });
});

describe('npm start with DATABASE_URL=postgres://…', () => {
  it('keeps the ledger on PostgreSQL, in the schema the URL names, and closes it on SIGTERM', async () => {
    expect(testStorage.type).toBe('postgres');
    const schema = testStorage.newLocation('bank_start');
    const url = new URL(process.env.LEDGER_TEST_POSTGRES_URL!);
    url.searchParams.set('schema', schema);
    const bank = await startBank(buildStartedMain(), cwd, { PORT: '0', DATABASE_URL: url.toString() });
    expect(bank.output()).toContain('ledger in PostgreSQL (DATABASE_URL)');
    const opened = await postJson(`${bank.url}/accounts`, { owner: 'Ann' });
    const deposit = await postJson(`${bank.url}/accounts/${opened.body.id}/deposits`, { amount: '12.34' });
    expect([opened.status, deposit.status, deposit.body.balance]).toEqual([201, 201, '12.34']);
    bank.child.kill('SIGTERM');
    expect(await bank.exited).toBe(0);
    expect(bank.output()).toContain('ledger closed');
    expect(existsSync(join(cwd, '.data/bank.ledger'))).toBe(false);
    expect(existsSync(join(cwd, '.data/signing-key.pem'))).toBe(true);

    const ledger = await Ledger.open({ name: 'bank', storage: testStorage.options(schema) });
    expect((await ledger.verify()).valid).toBe(true);
    expect(await ledger.query('SELECT VALUE a.balance FROM Account AS a BY id WHERE id = ?', opened.body.id)).toEqual([new Decimal('12.34')]);
    await ledger.close();
  });
});
