// The `ledger` command's migrations, on the storage of the jest project running it (an SQLite file,
// or a schema on the throw-away PostgreSQL server): `migrate --status` lists applied and pending
// migrations, read commands refuse a schema that needs migrating (naming `ledger migrate`), `migrate`
// runs it and they then open it, a bookkeeping table naming a migration the release does not know is
// refused naming it; read commands create nothing in an empty place, and `query`
// refuses a write unless --write.
import { existsSync } from 'node:fs';
import { Ledger } from 'nestjs-ledger';
import { openTestLedger, removeTempLedgers, storageAt, tempLedgerPath } from '../../libs/ledger/src/engine/test-ledger.fixture';
import { rawQuery, tempFilePath, testStorage, undoEventRedactionMigration } from '../../libs/ledger/src/engine/test-storage.fixture';
import { buildCli, ledgerCli } from './cli';

const LAST_MIGRATION = 'EventRedaction1763700000006';

/** The `<db>` argument of the ledger at `location`: the file, or the server's URL with `?schema=`. */
function dbOf(location: string): string {
  if (testStorage.type === 'sqlite') return location;
  const url = new URL(process.env.LEDGER_TEST_POSTGRES_URL as string);
  url.searchParams.set('schema', location);
  return url.toString();
}

/** A ledger with one table and one document, as an older release left it: its last migration undone. */
async function oldLedger(): Promise<string> {
  const location = tempLedgerPath('cli_old');
  const ledger = await openTestLedger(location);
  await ledger.query('CREATE TABLE Account');
  await ledger.query('INSERT INTO Account ?', { owner: 'Ana' });
  await ledger.close();
  await undoEventRedactionMigration(location);
  return location;
}

/** How many tables the PostgreSQL schema holds (asked from another schema, so that the probe creates nothing here). */
async function tableCount(schema: string): Promise<number> {
  const rows = await rawQuery<{ count: number }>(tempLedgerPath('cli_probe'), 'SELECT COUNT(*)::int AS count FROM pg_tables WHERE schemaname = ?', [schema]);
  return rows[0].count;
}

/** The commands that only read, each given the ledger at `db`. */
function readCommands(db: string): string[][] {
  return [
    ['verify', db],
    ['digest', db],
    ['block', db, '0'],
    ['consistency', db, '--from', '0'],
    ['query', db, 'SELECT * FROM Account'],
    ['history', db, 'Account'],
    ['export', db, tempFilePath('export')],
    ['tail', db, '--from', '0', '--limit', '1'],
  ];
}

export function describeCliMigrations(): void {
  beforeAll(buildCli);
  afterAll(removeTempLedgers);

  describe('ledger migrate', () => {
    it('lists applied and pending migrations with --status; read commands refuse the schema until `ledger migrate` runs them', async () => {
      const location = await oldLedger();
      const db = dbOf(location);
      const status = await ledgerCli(['migrate', db, '--status']);
      expect(status).toMatchObject({ code: 0, stderr: '' });
      expect(status.stdout).toBe(
        `applied  JournalSchema1763700000001\napplied  IndexOrderKey1763700000002\napplied  ProjectionCheckpoint1763700000003\napplied  RevisionRedaction1763700000004\napplied  DataKey1763700000005\npending  ${LAST_MIGRATION}\n1 pending: run \`ledger migrate <db>\`\n`,
      );
      const json = JSON.parse((await ledgerCli(['migrate', db, '--status', '--json'])).stdout);
      expect(json).toEqual({ applied: ['JournalSchema1763700000001', 'IndexOrderKey1763700000002', 'ProjectionCheckpoint1763700000003', 'RevisionRedaction1763700000004', 'DataKey1763700000005'], pending: [LAST_MIGRATION], ran: [] });

      for (const command of readCommands(db)) {
        const refused = await ledgerCli(command);
        expect({ command: command[0], code: refused.code }).toEqual({ command: command[0], code: 2 });
        expect(refused.stderr).toMatch(new RegExp(`needs migrating: 1 pending migration \\(${LAST_MIGRATION}\\); run them with \`ledger migrate <db>\``));
      }
      await expect(Ledger.open({ name: 'test', storage: storageAt(location), migrate: 'check' })).rejects.toThrow(/needs migrating/);

      const run = await ledgerCli(['migrate', db]);
      expect(run).toMatchObject({ code: 0, stdout: `ran  ${LAST_MIGRATION}\nthe schema is current (1 migration run)\n` });
      expect((await ledgerCli(['migrate', db])).stdout).toBe('the schema is current: nothing to run\n');
      expect((await ledgerCli(['migrate', db, '--status'])).stdout).toMatch(/applied {2}EventRedaction1763700000006\nthe schema is current\n$/);
      expect((await ledgerCli(['verify', db])).code).toBe(0);
      const ledger = await Ledger.open({ name: 'test', storage: storageAt(location), migrate: 'check' });
      await ledger.close();
    });
    it('refuses a ledger_migrations table naming a migration this release does not know: exits 2 naming the row, writes nothing', async () => {
      const location = await oldLedger();
      await rawQuery(location, 'INSERT INTO ledger_migrations (timestamp, name) VALUES (?, ?)', [1763700000099, 'FutureFeature1763700000099']);
      const recorded = await rawQuery(location, 'SELECT id, name FROM ledger_migrations ORDER BY id');
      for (const options of [['--status'], ['--status', '--json'], []]) {
        const refused = await ledgerCli(['migrate', dbOf(location), ...options]);
        expect({ options, code: refused.code, stdout: refused.stdout }).toEqual({ options, code: 2, stdout: '' });
        expect(refused.stderr).toMatch(/^ledger: .* is not a usable ledger: its ledger_migrations table records a migration this release does not know \(FutureFeature1763700000099\)/);
      }
      expect(await rawQuery(location, 'SELECT id, name FROM ledger_migrations ORDER BY id')).toEqual(recorded);
    });
  });

  describe('read commands', () => {
    it('create nothing where there is no ledger: no file, no schema, no table', async () => {
      const location = tempLedgerPath('cli_none');
      if (testStorage.type === 'postgres') await rawQuery(location, 'SELECT 1'); // an empty schema
      for (const command of [...readCommands(dbOf(location)), ['migrate', dbOf(location), '--status']]) {
        const run = await ledgerCli(command);
        expect({ command: command[0], code: run.code }).toEqual({ command: command[0], code: command[0] === 'migrate' ? 0 : 2 });
      }
      if (testStorage.type === 'postgres') expect(await tableCount(location)).toBe(0);
      else expect(existsSync(location)).toBe(false);
    });

    it('open the ledger read-only: query refuses a write unless --write', async () => {
      const location = tempLedgerPath('cli_write');
      const ledger = await openTestLedger(location);
      await ledger.query('CREATE TABLE Account');
      await ledger.close();
      const db = dbOf(location);
      const refused = await ledgerCli(['query', db, 'INSERT INTO Account ?', '{owner: "Bo"}']);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/opened read-only and refuses a transaction that writes; nothing was written \(pass --write to commit it\)/);
      expect((await ledgerCli(['query', db, 'SELECT VALUE owner FROM Account', '--ion'])).stdout).toBe('');
      expect((await ledgerCli(['query', db, 'INSERT INTO Account ?', '{owner: "Bo"}', '--write'])).code).toBe(0);
      expect((await ledgerCli(['query', db, 'SELECT VALUE owner FROM Account', '--ion'])).stdout).toBe('"Bo"\n');
    });
  });
}
