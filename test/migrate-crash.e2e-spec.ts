// An SQLite ledger of an older schema (the journal's first version: five migrations pending) whose
// migrating process is killed with SIGKILL at known points: inside a migration (some of its
// statements run), between two migrations (one recorded, the next not begun), and with every one
// recorded but not committed. The file is then as it was (nothing half-migrated), reopening runs
// every pending migration once, verify() is clean and each block and document is there, digest
// unchanged. The kill points: support/migrate-crash-cases.ts; on PostgreSQL:
// postgres-migrate-crash.e2e-spec.ts. (A bookkeeping table the release cannot account for:
// migrate-option.spec.ts.)
import { copyFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { Ledger, storageMigrationStatus } from 'nestjs-ledger';
import { openTestLedger, removeTempLedgers, storageAt, tempLedgerPath } from '../libs/ledger/src/engine/test-ledger.fixture';
import { rawQuery } from '../libs/ledger/src/engine/test-storage.fixture';
import { ALL_MIGRATIONS, expectPausedAt, FIRST, KILL_POINTS, migrateUntilKilled, PENDING } from './support/migrate-crash-cases';

afterAll(removeTempLedgers);

/** SQL undoing every migration after the first, newest first: the file as the journal's first release left it. */
const BACK_TO_FIRST_SCHEMA = `
  DROP TRIGGER journal_block_no_update;
  CREATE TRIGGER journal_block_no_update BEFORE UPDATE ON journal_block
       BEGIN SELECT RAISE(ABORT, 'the journal is append-only: UPDATE on journal_block is refused'); END;
  DROP TABLE ledger_data_key;
  DROP TRIGGER journal_revision_no_update;
  CREATE TRIGGER journal_revision_no_update BEFORE UPDATE ON journal_revision
       BEGIN SELECT RAISE(ABORT, 'the journal is append-only: UPDATE on journal_revision is refused'); END;
  DROP TABLE ledger_projection;
  DROP INDEX ledger_index_entry_by_order;
  ALTER TABLE ledger_index_entry DROP COLUMN order_key;
  DELETE FROM ledger_migrations WHERE name <> '${FIRST}';`;

/** What the old ledger held before any migration ran. */
interface Contents {
  digest: unknown;
  blocks: unknown[];
  cars: unknown[];
  /** The cars an index range finds (the index entries need their order keys, which a migration backfills). */
  recentCars: unknown[];
}

/** The schema's objects with their SQL, as SQLite records them. */
function schemaOf(file: string): Promise<unknown[]> {
  return rawQuery(file, "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name");
}

async function contentsOf(ledger: Ledger, file: string): Promise<Contents> {
  return {
    digest: await ledger.getDigest(),
    blocks: await rawQuery(file, 'SELECT sequence_no, hex(block_hash) AS hash, header FROM journal_block ORDER BY sequence_no'),
    cars: await ledger.query('SELECT * FROM _ql_committed_Car AS c ORDER BY c.metadata.id'),
    recentCars: await ledger.query('SELECT vin FROM Car WHERE year > 2000 ORDER BY vin'),
  };
}

/** A ledger at the first schema holding a table, an index, inserts and an update; what it held; its schema. */
async function firstSchemaLedger(): Promise<{ file: string; contents: Contents; schema: unknown[] }> {
  const file = tempLedgerPath('first-schema');
  const ledger = await openTestLedger(file);
  await ledger.query('CREATE TABLE Car');
  await ledger.query('CREATE INDEX ON Car (year)');
  for (let n = 0; n < 6; n++) await ledger.query('INSERT INTO Car ?', { vin: `VIN-${n}`, year: 1990 + 5 * n });
  await ledger.query("UPDATE Car SET year = 2030 WHERE vin = 'VIN-0'");
  const contents = await contentsOf(ledger, file);
  await ledger.close();
  const db = new Database(file);
  db.exec(BACK_TO_FIRST_SCHEMA);
  db.close();
  return { file, contents, schema: await schemaOf(file) };
}

let template: Awaited<ReturnType<typeof firstSchemaLedger>>;
beforeAll(async () => {
  template = await firstSchemaLedger();
});

/** A fresh copy of the first-schema ledger. */
function oldLedgerCopy(): string {
  const file = tempLedgerPath('migrating');
  copyFileSync(template.file, file);
  return file;
}

const CHILD = 'test/support/migrating-ledger.child.ts';

/** The file as the old release left it: its bookkeeping and schema unchanged. */
async function expectUnmigrated(file: string): Promise<void> {
  expect(await storageMigrationStatus(storageAt(file))).toEqual({ applied: [FIRST], pending: PENDING, ran: [] });
  expect(await schemaOf(file)).toEqual(template.schema);
}

/** Reopening migrates the file: verify() is clean, every block and document is there, every migration is recorded once. */
async function expectReopenMigrates(file: string): Promise<void> {
  const ledger = await Ledger.open({ name: 'test', storage: storageAt(file) });
  expect((await ledger.verify()).problems).toEqual([]);
  expect(await contentsOf(ledger, file)).toEqual(template.contents);
  await ledger.close();
  const recorded = await rawQuery(file, 'SELECT name, COUNT(*) AS times FROM ledger_migrations GROUP BY name ORDER BY MIN(id)');
  expect(recorded).toEqual(ALL_MIGRATIONS.map((name) => ({ name, times: 1 })));
  expect(await storageMigrationStatus(storageAt(file))).toEqual({ applied: ALL_MIGRATIONS, pending: [], ran: [] });
}

describe('a process killed while it migrates an SQLite ledger', () => {
  it.each(KILL_POINTS)('$point: the file stays as it was, and reopening migrates it with every block and document intact', async (point) => {
    const file = oldLedgerCopy();
    expectPausedAt(await migrateUntilKilled(CHILD, file, point.statement, point.occurrence), point);
    await expectUnmigrated(file);
    await expectReopenMigrates(file);
  });

  it('survives being killed at each point in turn on the same file, then migrates it once', async () => {
    const file = oldLedgerCopy();
    for (const { statement, occurrence } of KILL_POINTS) {
      await migrateUntilKilled(CHILD, file, statement, occurrence);
      await expectUnmigrated(file);
    }
    await expectReopenMigrates(file);
  });
});
