// An SQLite ledger of an older schema (the journal's first version: five migrations pending) whose
// migrating process is killed with SIGKILL at known points: inside a migration (some of its
// statements run), between two migrations (one recorded, the next not begun), and with every one
// recorded but not committed. The file is then as it was (nothing half-migrated), reopening runs
// every pending migration once, verify() is clean and each block and document is there, digest
// unchanged. (A bookkeeping table the release cannot account for: migrate-option.spec.ts.)
import { spawn } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { Ledger, storageMigrationStatus } from 'nestjs-ledger';
import { openTestLedger, removeTempLedgers, storageAt, tempLedgerPath } from '../libs/ledger/src/engine/test-ledger.fixture';
import { rawQuery } from '../libs/ledger/src/engine/test-storage.fixture';
import type { PausePoint } from './support/migrating-ledger.child';

const root = join(__dirname, '..');
afterAll(removeTempLedgers);

const FIRST = 'JournalSchema1763700000001';
const PENDING = ['IndexOrderKey1763700000002', 'ProjectionCheckpoint1763700000003', 'RevisionRedaction1763700000004', 'DataKey1763700000005', 'EventRedaction1763700000006'];
const ALL_MIGRATIONS = [FIRST, ...PENDING];

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

/**
 * Opens the file with migrations on in a child process that stops just before the `occurrence`th
 * statement holding `statement` on the file; kills it there (SIGKILL) and returns what it saw.
 */
function migrateUntilKilled(file: string, statement: string, occurrence = 1): Promise<PausePoint> {
  return new Promise((resolve, reject) => {
    const args = ['-r', './test/support/register-ts.js', 'test/support/migrating-ledger.child.ts', file, statement, String(occurrence)];
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let seen: PausePoint | undefined;
    createInterface({ input: child.stdout! }).once('line', (line) => {
      seen = JSON.parse(line);
      child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL' && seen?.statement !== undefined) resolve(seen);
      else reject(new Error(`the migrating process ended (${signal ?? code}) without stopping before «${statement}» #${occurrence}: ${JSON.stringify(seen)}`));
    });
  });
}

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

/** The points a migrating process is killed at, and what it has done (uncommitted) when it stops there. */
const KILL_POINTS: Array<{ point: string; statement: string; occurrence?: number; recorded: string[]; objects: { has: string[]; lacks: string[] } }> = [
  {
    point: 'inside IndexOrderKey: its column and index added, one entry of six backfilled',
    statement: 'UPDATE ledger_index_entry SET order_key',
    occurrence: 2,
    recorded: [FIRST],
    objects: { has: ['index ledger_index_entry_by_order'], lacks: ['table ledger_projection'] },
  },
  {
    point: 'between IndexOrderKey (recorded) and ProjectionCheckpoint (not begun)',
    statement: 'CREATE TABLE ledger_projection',
    recorded: [FIRST, PENDING[0]],
    objects: { has: ['index ledger_index_entry_by_order'], lacks: ['table ledger_projection'] },
  },
  {
    point: "inside RevisionRedaction: the journal's revision UPDATE trigger dropped, its successor not yet created",
    statement: 'CREATE TRIGGER journal_revision_no_update',
    recorded: [FIRST, ...PENDING.slice(0, 2)],
    objects: { has: ['table ledger_projection'], lacks: ['trigger journal_revision_no_update'] },
  },
  {
    point: 'every migration run and recorded, before the commit',
    statement: 'COMMIT',
    recorded: ALL_MIGRATIONS,
    objects: { has: ['table ledger_data_key', 'trigger journal_revision_no_update'], lacks: [] },
  },
];

describe('a process killed while it migrates an SQLite ledger', () => {
  it.each(KILL_POINTS)('$point: the file stays as it was, and reopening migrates it with every block and document intact', async ({ statement, occurrence, recorded, objects }) => {
    const file = oldLedgerCopy();
    const seen = await migrateUntilKilled(file, statement, occurrence);
    expect(seen.recorded).toEqual(recorded);
    expect(seen.objects).toEqual(expect.arrayContaining(objects.has));
    for (const object of objects.lacks) expect(seen.objects).not.toContain(object);
    await expectUnmigrated(file);
    await expectReopenMigrates(file);
  });

  it('survives being killed at each point in turn on the same file, then migrates it once', async () => {
    const file = oldLedgerCopy();
    for (const { statement, occurrence } of KILL_POINTS) {
      await migrateUntilKilled(file, statement, occurrence);
      await expectUnmigrated(file);
    }
    await expectReopenMigrates(file);
  });
});
