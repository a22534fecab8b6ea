// Migrations under change control: `migrate: false | 'check'` never runs them and refuses a schema
// that needs them (naming the pending ones, writing nothing); migrateStorage runs them on their own;
// a read-only opening creates, migrates and writes nothing, and refuses writes; a bookkeeping table
// naming a migration the release does not know, or one twice, is refused naming it, nothing run.
import { existsSync } from 'node:fs';
import { migrateStorage, MigrationsPendingError, NotALedgerError, storageMigrationStatus, type StorageOptions } from '../storage';
import { ReadOnlyLedgerError } from './errors';
import { Ledger } from './ledger';
import { openTestLedger, removeTempLedgers, storageAt, tempLedgerPath } from './test-ledger.fixture';
import { rawQuery, testStorage, undoEventRedactionMigration } from './test-storage.fixture';
import { InvalidArgumentError } from '../errors';

afterAll(removeTempLedgers);

const LAST_MIGRATION = 'EventRedaction1763700000006';
const ALL_MIGRATIONS = ['JournalSchema1763700000001', 'IndexOrderKey1763700000002', 'ProjectionCheckpoint1763700000003', 'RevisionRedaction1763700000004', 'DataKey1763700000005', LAST_MIGRATION];

/** A ledger as an older release left it: its last migration undone (its trigger as it was, its row deleted). */
async function oldLedger(): Promise<string> {
  const location = tempLedgerPath('old');
  await (await openTestLedger(location)).close();
  await undoEventRedactionMigration(location);
  return location;
}


/** The tables in the ledger's schema (PostgreSQL) or file (SQLite), as the database lists them. */
async function tablesAt(location: string): Promise<string[]> {
  const sql =
    testStorage.type === 'postgres'
      ? `SELECT tablename AS name FROM pg_tables WHERE schemaname = '${location}' ORDER BY tablename`
      : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
  return (await rawQuery<{ name: string }>(location, sql)).map((row) => row.name);
}

/** Whether PostgreSQL has a schema named `schema` (asked from another schema, which the raw connection creates). */
async function schemaExists(schema: string): Promise<boolean> {
  return (await rawQuery(tempLedgerPath('probe'), 'SELECT 1 FROM pg_namespace WHERE nspname = ?', [schema])).length > 0;
}

/** A PostgreSQL schema with no table in it, or an SQLite file never created. */
async function expectEmpty(location: string): Promise<void> {
  if (testStorage.type === 'postgres') expect(await tablesAt(location)).toEqual([]);
  else expect(existsSync(location)).toBe(false);
}

describe("migrate: false | 'check'", () => {
  it.each([false, 'check'] as const)('migrate: %p refuses a schema that needs migrating, naming the pending migration, and writes nothing', async (migrate) => {
    const location = await oldLedger();
    const before = await tablesAt(location);
    const refusal = await Ledger.open({ name: 'test', storage: storageAt(location), migrate }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(MigrationsPendingError);
    expect((refusal as MigrationsPendingError).pending).toEqual([LAST_MIGRATION]);
    expect((refusal as Error).message).toMatch(/1 pending migration \(EventRedaction1763700000006\).*ledger migrate/);
    expect(await tablesAt(location)).toEqual(before);
  });

  it("opens a current schema, and 'check' lets the ledger open once migrateStorage ran the pending migrations", async () => {
    const location = await oldLedger();
    expect(await storageMigrationStatus(storageAt(location))).toEqual({ applied: ALL_MIGRATIONS.slice(0, 5), pending: [LAST_MIGRATION], ran: [] });
    expect(await migrateStorage(storageAt(location))).toEqual({ applied: ALL_MIGRATIONS, pending: [], ran: [LAST_MIGRATION] });
    expect(await migrateStorage(storageAt(location))).toEqual({ applied: ALL_MIGRATIONS, pending: [], ran: [] });
    const ledger = await Ledger.open({ name: 'test', storage: storageAt(location), migrate: 'check' });
    expect((await ledger.verify()).valid).toBe(true);
    await ledger.close();
  });

  it("creates nothing in an empty place: 'check' names every migration; migrateStorage creates the schema, then 'check' creates the ledger", async () => {
    const location = tempLedgerPath('empty');
    const refusal = await Ledger.open({ name: 'test', storage: storageAt(location), migrate: 'check' }).catch((error: unknown) => error);
    expect((refusal as MigrationsPendingError).pending).toEqual(ALL_MIGRATIONS);
    expect(await storageMigrationStatus(storageAt(location))).toEqual({ applied: [], pending: ALL_MIGRATIONS, ran: [] });
    if (testStorage.type === 'postgres') expect(await schemaExists(location)).toBe(false);
    await expectEmpty(location);
    expect((await migrateStorage(storageAt(location))).ran).toEqual(ALL_MIGRATIONS);
    const ledger = await Ledger.open({ name: 'test', storage: storageAt(location), migrate: false });
    expect((await ledger.getDigest()).digestTipAddress.sequenceNo).toBe(0);
    await ledger.close();
  });

  it('refuses a value of migrate it does not know', async () => {
    await expect(Ledger.open({ name: 'test', storage: storageAt(tempLedgerPath()), migrate: 'yes' as never })).rejects.toThrow(InvalidArgumentError);
  });
});

describe('a ledger_migrations table the release cannot account for', () => {
  const UNKNOWN = 'FutureFeature1763700000099';
  const ROWS = [
    { what: 'a migration this release does not know', row: [1763700000099, UNKNOWN], message: /records a migration this release does not know \(FutureFeature1763700000099\): open it with the release that made it/ },
    { what: 'a migration recorded twice', row: [1763700000001, ALL_MIGRATIONS[0]], message: /records JournalSchema1763700000001 twice/ },
  ];

  /** Every way of opening or migrating the storage, each started when called. */
  const openings = (storage: StorageOptions) => [
    () => Ledger.open({ name: 'test', storage }),
    () => Ledger.open({ name: 'test', storage, migrate: 'check' }),
    () => migrateStorage(storage),
    () => storageMigrationStatus(storage),
  ];

  async function expectRefused(location: string, message: RegExp): Promise<void> {
    for (const opening of openings(storageAt(location))) {
      const refusal = await opening().catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(NotALedgerError);
      expect((refusal as Error).message).toMatch(message);
    }
  }

  it.each(ROWS)('$what, with a migration pending: refused naming it, and the pending one is not run', async ({ row, message }) => {
    const location = await oldLedger();
    await rawQuery(location, 'INSERT INTO ledger_migrations (timestamp, name) VALUES (?, ?)', row);
    const recorded = await rawQuery(location, 'SELECT name FROM ledger_migrations ORDER BY id');
    await expectRefused(location, message);
    expect(await rawQuery(location, 'SELECT name FROM ledger_migrations ORDER BY id')).toEqual(recorded);
  });

  it.each(ROWS)('$what, on a current schema: refused naming it', async ({ row, message }) => {
    const location = tempLedgerPath('current');
    await (await openTestLedger(location)).close();
    await rawQuery(location, 'INSERT INTO ledger_migrations (timestamp, name) VALUES (?, ?)', row);
    await expectRefused(location, message);
  });
});

describe('a read-only opening', () => {
  it('reads a current ledger and refuses its writes', async () => {
    const location = tempLedgerPath('read');
    const writer = await openTestLedger(location);
    await writer.execute((tx) => tx.createTable('Car'));
    await writer.close();
    const ledger = await Ledger.openExisting({ storage: storageAt(location), readOnly: true });
    expect(await ledger.query('SELECT * FROM Car')).toEqual([]);
    await expect(ledger.query("INSERT INTO Car VALUE { 'make': 'Tesla' }")).rejects.toThrow(ReadOnlyLedgerError);
    expect(() => ledger.writeDatabase(async () => undefined)).toThrow(ReadOnlyLedgerError);
    expect(await ledger.query('SELECT * FROM Car')).toEqual([]);
    await ledger.close();
  });

  it('never migrates, even with migrate: true: a schema that needs it is refused, naming the pending migration', async () => {
    const location = await oldLedger();
    const opening = Ledger.openExisting({ storage: storageAt(location), readOnly: true, migrate: true });
    await expect(opening).rejects.toThrow(MigrationsPendingError);
    expect((await storageMigrationStatus(storageAt(location))).pending).toEqual([LAST_MIGRATION]);
  });

  it('leaves an empty place empty', async () => {
    const location = tempLedgerPath('empty');
    if (testStorage.type === 'postgres') await rawQuery(location, 'SELECT 1'); // the schema exists, empty
    const opening = Ledger.openExisting({ storage: storageAt(location), readOnly: true });
    await expect(opening).rejects.toThrow(NotALedgerError);
    await expectEmpty(location);
  });

  (testStorage.type === 'postgres' ? it : it.skip)('creates no PostgreSQL schema where there is none', async () => {
    const schema = tempLedgerPath('absent');
    await expect(Ledger.openExisting({ storage: storageAt(schema), readOnly: true })).rejects.toThrow(/it holds no ledger/);
    expect(await schemaExists(schema)).toBe(false);
  });
});
