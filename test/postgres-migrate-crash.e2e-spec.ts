// A PostgreSQL ledger of an older schema (the journal's first version: five migrations pending)
// whose migrating process is killed with SIGKILL at known points (support/migrate-crash-cases.ts):
// inside a migration (some of its statements run), between two migrations (one recorded, the next
// not begun), and with every one recorded but COMMIT not sent. Once the server has ended the dead
// session, the schema is as it was (every object and ledger_migrations row; TypeORM runs the
// migrations in one transaction), reopening runs every pending migration once, verify() is clean
// and each block and document is there, digest unchanged. (The same on SQLite: migrate-crash.e2e-spec.ts.)
import { Ledger, storageMigrationStatus } from 'nestjs-ledger';
import { openTestLedger, removeTempLedgers, storageAt, tempLedgerPath } from '../libs/ledger/src/engine/test-ledger.fixture';
import { rawQuery } from '../libs/ledger/src/engine/test-storage.fixture';
import { ALL_MIGRATIONS, expectPausedAt, FIRST, KILL_POINTS, migrateUntilKilled, PENDING } from './support/migrate-crash-cases';
import type { PostgresPausePoint } from './support/migrating-postgres-ledger.child';
import { asRole } from './support/postgres-roles';
import { SCHEMA_OBJECTS_SQL } from './support/postgres-schema-objects';

afterAll(removeTempLedgers);

const CHILD = 'test/support/migrating-postgres-ledger.child.ts';

/** Statements undoing every migration after the first, newest first: the schema as the journal's first release left it. */
const BACK_TO_FIRST_SCHEMA = [
  'DROP TRIGGER journal_block_no_update ON journal_block',
  'DROP FUNCTION ledger_refuse_block_change()',
  'CREATE TRIGGER journal_block_no_update BEFORE UPDATE ON journal_block FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change()',
  'DROP TABLE ledger_data_key',
  'DROP TRIGGER journal_revision_no_update ON journal_revision',
  'DROP FUNCTION ledger_refuse_revision_change()',
  'CREATE TRIGGER journal_revision_no_update BEFORE UPDATE ON journal_revision FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change()',
  'DROP TABLE ledger_projection',
  'DROP INDEX ledger_index_entry_by_order',
  'ALTER TABLE ledger_index_entry DROP COLUMN order_key',
  `DELETE FROM ledger_migrations WHERE name <> '${FIRST}'`,
];

/** What the old ledger held before any migration ran. */
interface Contents {
  digest: unknown;
  blocks: unknown[];
  cars: unknown[];
  /** The cars an index range finds (the index entries need their order keys, which a migration backfills). */
  recentCars: unknown[];
}

/** The schema as the server describes it: every object with its definition, and the rows of ledger_migrations. */
async function schemaOf(schema: string): Promise<{ objects: unknown[]; migrations: unknown[] }> {
  return {
    objects: await rawQuery(schema, SCHEMA_OBJECTS_SQL),
    migrations: await rawQuery(schema, 'SELECT id, timestamp, name FROM ledger_migrations ORDER BY id'),
  };
}

async function contentsOf(ledger: Ledger, schema: string): Promise<Contents> {
  return {
    digest: await ledger.getDigest(),
    blocks: await rawQuery(schema, "SELECT sequence_no, encode(block_hash, 'hex') AS hash, header FROM journal_block ORDER BY sequence_no"),
    cars: await ledger.query('SELECT * FROM _ql_committed_Car AS c ORDER BY c.metadata.id'),
    recentCars: await ledger.query('SELECT vin FROM Car WHERE year > 2000 ORDER BY vin'),
  };
}

/** A schema at the first migration holding a table, an index, inserts and an update; what it held; its description. */
async function firstSchemaLedger(): Promise<{ schema: string; contents: Contents; described: Awaited<ReturnType<typeof schemaOf>> }> {
  const schema = tempLedgerPath('migrating');
  const ledger = await openTestLedger(schema);
  await ledger.query('CREATE TABLE Car');
  await ledger.query('CREATE INDEX ON Car (year)');
  for (let n = 0; n < 6; n++) await ledger.query('INSERT INTO Car ?', { vin: `VIN-${n}`, year: 1990 + 5 * n });
  await ledger.query("UPDATE Car SET year = 2030 WHERE vin = 'VIN-0'");
  const contents = await contentsOf(ledger, schema);
  await ledger.close();
  for (const statement of BACK_TO_FIRST_SCHEMA) await rawQuery(schema, statement);
  return { schema, contents, described: await schemaOf(schema) };
}

/** Kills the child at the kill point and waits until the server has ended its session (as it ends any dead client's), so the schema is no longer held. */
async function killedMigrating(schema: string, statement: string, occurrence?: number): Promise<PostgresPausePoint> {
  const seen = await migrateUntilKilled<PostgresPausePoint>(CHILD, JSON.stringify(storageAt(schema)), statement, occurrence);
  const alive = 'SELECT 1 FROM pg_stat_activity WHERE pid = $1';
  while ((await asRole(undefined, (client) => client.query(alive, [seen.pid]))).rowCount) await new Promise((resolve) => setTimeout(resolve, 5));
  return seen;
}

/** The schema as the old release left it: its bookkeeping, objects and migration rows unchanged. */
async function expectUnmigrated(old: Awaited<ReturnType<typeof firstSchemaLedger>>): Promise<void> {
  expect(await storageMigrationStatus(storageAt(old.schema))).toEqual({ applied: [FIRST], pending: PENDING, ran: [] });
  expect(await schemaOf(old.schema)).toEqual(old.described);
}

/** Reopening migrates the schema: verify() is clean, every block and document is there, every migration is recorded once. */
async function expectReopenMigrates(old: Awaited<ReturnType<typeof firstSchemaLedger>>): Promise<void> {
  const ledger = await Ledger.open({ name: 'test', storage: storageAt(old.schema) });
  expect((await ledger.verify()).problems).toEqual([]);
  expect(await contentsOf(ledger, old.schema)).toEqual(old.contents);
  await ledger.close();
  const recorded = await rawQuery(old.schema, 'SELECT name, COUNT(*)::int AS times FROM ledger_migrations GROUP BY name ORDER BY MIN(id)');
  expect(recorded).toEqual(ALL_MIGRATIONS.map((name) => ({ name, times: 1 })));
  expect(await storageMigrationStatus(storageAt(old.schema))).toEqual({ applied: ALL_MIGRATIONS, pending: [], ran: [] });
}

describe('a process killed while it migrates a PostgreSQL ledger', () => {
  it.each(KILL_POINTS)('$point: the schema stays as it was, and reopening migrates it with every block and document intact', async (point) => {
    const old = await firstSchemaLedger();
    expectPausedAt(await killedMigrating(old.schema, point.statement, point.occurrence), point);
    await expectUnmigrated(old);
    await expectReopenMigrates(old);
  });

  it('survives being killed at each point in turn on the same schema, then migrates it once', async () => {
    const old = await firstSchemaLedger();
    for (const { statement, occurrence } of KILL_POINTS) {
      await killedMigrating(old.schema, statement, occurrence);
      await expectUnmigrated(old);
    }
    await expectReopenMigrates(old);
  });
});
