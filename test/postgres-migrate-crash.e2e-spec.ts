// A PostgreSQL ledger of an older schema (the journal's first version: five migrations pending)
// whose migrating process is killed with SIGKILL at known points (support/migrate-crash-cases.ts):
// inside a migration (some of its statements run), between two migrations (one recorded, the next
// not begun), and with every one recorded but COMMIT not sent. Once the server has ended the dead
// session, the schema is as it was (every object and ledger_migrations row; TypeORM runs the
// migrations in one transaction), reopening runs every pending migration once, verify() is clean
// and each block and document is there, digest unchanged. (The same on SQLite: migrate-crash.e2e-spec.ts.)
// A new ledger's creation killed before its migrations' COMMIT leaves its schema with TypeORM's
// bookkeeping table only (created before the transaction), empty; killed after it, inside the
// genesis block's transaction, a migrated schema holding no ledger. Either way the next opening
// creates the ledger.
import { Ledger, storageMigrationStatus } from 'nestjs-ledger';
import { removeTempLedgers, storageAt, tempLedgerPath } from '../libs/ledger/src/engine/test-ledger.fixture';
import { rawQuery } from '../libs/ledger/src/engine/test-storage.fixture';
import {
  expectMigratedEmptyThenCreated,
  expectPausedAt,
  expectReopenMigrates,
  expectUnmigrated,
  ALL_MIGRATIONS,
  FIRST,
  firstSchemaLedger,
  GENESIS_KILL_POINTS,
  KILL_POINTS,
  migrateUntilKilled,
  type FirstSchema,
  type KillPoint,
  type OldLedger,
} from './support/migrate-crash-cases';
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

/** The first schema on PostgreSQL: later migrations undone by BACK_TO_FIRST_SCHEMA; described by the server (every object with its definition) and by every row of ledger_migrations. */
const POSTGRES_FIRST_SCHEMA: FirstSchema = {
  undoLaterMigrations: async (schema) => {
    for (const statement of BACK_TO_FIRST_SCHEMA) await rawQuery(schema, statement);
  },
  describe: async (schema) => ({
    objects: await rawQuery(schema, SCHEMA_OBJECTS_SQL),
    migrations: await rawQuery(schema, 'SELECT id, timestamp, name FROM ledger_migrations ORDER BY id'),
  }),
};

/** A new schema at the first migration, with what it held. */
async function oldSchema(): Promise<{ schema: string; old: OldLedger }> {
  const schema = tempLedgerPath('migrating');
  return { schema, old: await firstSchemaLedger(schema, POSTGRES_FIRST_SCHEMA) };
}

/** Kills the child at the kill point and waits until the server has ended its session (as it ends any dead client's), so nothing holds the schema. */
async function killedMigrating(schema: string, statement: string, occurrence?: number): Promise<PostgresPausePoint> {
  const seen = await migrateUntilKilled<PostgresPausePoint>(CHILD, JSON.stringify(storageAt(schema)), statement, occurrence);
  const alive = 'SELECT 1 FROM pg_stat_activity WHERE pid = $1';
  while ((await asRole(undefined, (client) => client.query(alive, [seen.pid]))).rowCount) await new Promise((resolve) => setTimeout(resolve, 5));
  return seen;
}

describe('a process killed while it migrates a PostgreSQL ledger', () => {
  it.each(KILL_POINTS)('$point: the schema stays as it was, and reopening migrates it with every block and document intact', async (point) => {
    const { schema, old } = await oldSchema();
    expectPausedAt(await killedMigrating(schema, point.statement, point.occurrence), point);
    await expectUnmigrated(schema, old, POSTGRES_FIRST_SCHEMA);
    await expectReopenMigrates(schema, old);
  });

  it('survives being killed at each point in turn on the same schema, then migrates it once', async () => {
    const { schema, old } = await oldSchema();
    for (const { statement, occurrence } of KILL_POINTS) {
      await killedMigrating(schema, statement, occurrence);
      await expectUnmigrated(schema, old, POSTGRES_FIRST_SCHEMA);
    }
    await expectReopenMigrates(schema, old);
  });
});

/** A new ledger's migrations all run and recorded, COMMIT not sent. */
const CREATED_NOT_COMMITTED: KillPoint = {
  point: "a new ledger's migrations run and recorded, before the commit",
  statement: 'COMMIT',
  recorded: ALL_MIGRATIONS,
  objects: { has: ['table journal_block', 'trigger journal_block_no_update'], lacks: [] },
};

describe('a process killed while it creates a PostgreSQL ledger in an empty schema', () => {
  it('before COMMIT: only the bookkeeping table TypeORM creates beforehand is left, empty, and reopening creates the ledger', async () => {
    const schema = tempLedgerPath('creating');
    await rawQuery(schema, 'SELECT 1'); // the schema exists, empty
    expectPausedAt(await killedMigrating(schema, CREATED_NOT_COMMITTED.statement), CREATED_NOT_COMMITTED);
    const tables = await rawQuery(schema, 'SELECT tablename FROM pg_tables WHERE schemaname = current_schema()');
    expect(tables).toEqual([{ tablename: 'ledger_migrations' }]);
    expect(await rawQuery(schema, 'SELECT name FROM ledger_migrations')).toEqual([]);
    expect(await storageMigrationStatus(storageAt(schema))).toEqual({ applied: [], pending: ALL_MIGRATIONS, ran: [] });
    const ledger = await Ledger.open({ name: 'test', storage: storageAt(schema) });
    expect((await ledger.getDigest()).digestTipAddress.sequenceNo).toBe(0);
    expect(await ledger.verify()).toMatchObject({ valid: true, problems: [] });
    await ledger.close();
    expect(await storageMigrationStatus(storageAt(schema))).toEqual({ applied: ALL_MIGRATIONS, pending: [], ran: [] });
  });
});

describe("a process killed inside a new PostgreSQL ledger's genesis transaction, its migrations committed", () => {
  it.each(GENESIS_KILL_POINTS)('$point: the schema is migrated and holds no ledger, and opening creates it', async (point) => {
    const schema = tempLedgerPath('genesis');
    await rawQuery(schema, 'SELECT 1'); // the schema exists, empty
    expectPausedAt(await killedMigrating(schema, point.statement, point.occurrence), point);
    await expectMigratedEmptyThenCreated(schema);
  });
});
