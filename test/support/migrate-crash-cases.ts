// What the migration crash specs share (test/migrate-crash.e2e-spec.ts on SQLite,
// test/postgres-migrate-crash.e2e-spec.ts on PostgreSQL): a ledger of the journal's first schema
// (five migrations pending) holding documents and an index, the kill points, and the killing: a
// child process migrating it stops just before a known statement, prints what its uncommitted
// transaction sees there as one JSON line, and blocks until it is killed with SIGKILL. Afterwards
// the schema is as it was, and reopening migrates it with every block and document intact.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Ledger, MigrationsPendingError, NotALedgerError, storageMigrationStatus } from 'nestjs-ledger';
import { openTestLedger, storageAt } from '../../libs/ledger/src/engine/test-ledger.fixture';
import { rawQuery } from '../../libs/ledger/src/engine/test-storage.fixture';

export const FIRST = 'JournalSchema1763700000001';
export const PENDING = ['IndexOrderKey1763700000002', 'ProjectionCheckpoint1763700000003', 'RevisionRedaction1763700000004', 'DataKey1763700000005', 'EventRedaction1763700000006'];
export const ALL_MIGRATIONS = [FIRST, ...PENDING];

/** What a migrating child saw at the point it stopped. */
export interface PausePoint {
  statement: string;
  /** The rows of ledger_migrations, oldest first. */
  recorded: string[];
  /** The schema's objects as `type name` (`table ledger_projection`), sorted. */
  objects: string[];
  /** The rows of journal_block. */
  blocks: number;
}

/** A point a migrating process is killed at, and what it has done (uncommitted) when it stops there. */
export interface KillPoint {
  point: string;
  /** The text the statement the child stops before begins with (SQLite's child: contains). */
  statement: string;
  occurrence?: number;
  recorded: string[];
  objects: { has: string[]; lacks: string[] };
  /** The rows of journal_block the child sees there, when the point is about them. */
  blocks?: number;
}

export const KILL_POINTS: KillPoint[] = [
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

/**
 * Points a process creating a ledger in an empty database is killed at once its migrations have
 * committed: inside the transaction that writes the genesis block, its tree leaf and the strand row.
 */
export const GENESIS_KILL_POINTS: KillPoint[] = [
  {
    point: 'the migrations committed; the genesis block and its tree leaf written, the strand row not',
    statement: 'INSERT INTO ledger_strand',
    recorded: ALL_MIGRATIONS,
    objects: { has: ['table ledger_strand', 'table ledger_data_key'], lacks: [] },
    blocks: 1,
  },
  {
    point: 'the migrations committed; the genesis block, its tree leaf and the strand row written, before the commit',
    statement: 'COMMIT',
    occurrence: 2,
    recorded: ALL_MIGRATIONS,
    objects: { has: ['table ledger_strand', 'table ledger_data_key'], lacks: [] },
    blocks: 1,
  },
];

/**
 * After a kill inside the genesis block's transaction: the schema is migrated and holds no block,
 * tree node or strand; opening an existing ledger there says it holds none; opening with creation
 * creates the ledger, which verifies and takes a commit, with every migration recorded once.
 */
export async function expectMigratedEmptyThenCreated(location: string): Promise<void> {
  expect(await storageMigrationStatus(storageAt(location))).toEqual({ applied: ALL_MIGRATIONS, pending: [], ran: [] });
  for (const table of ['journal_block', 'journal_tree_node', 'ledger_strand']) {
    expect(await rawQuery(location, `SELECT CAST(COUNT(*) AS INTEGER) AS n FROM ${table}`)).toEqual([{ n: 0 }]);
  }
  await expect(Ledger.openExisting({ storage: storageAt(location) })).rejects.toThrow(NotALedgerError);
  await expect(Ledger.openExisting({ storage: storageAt(location) })).rejects.toThrow(/holds no ledger/);
  const ledger = await Ledger.open({ name: 'test', storage: storageAt(location) });
  expect((await ledger.getDigest()).digestTipAddress.sequenceNo).toBe(0);
  await ledger.query('CREATE TABLE Car');
  expect((await ledger.getDigest()).digestTipAddress.sequenceNo).toBe(1);
  expect(await ledger.verify()).toMatchObject({ valid: true, problems: [] });
  await ledger.close();
  const recorded = await rawQuery(location, 'SELECT name, CAST(COUNT(*) AS INTEGER) AS times FROM ledger_migrations GROUP BY name ORDER BY MIN(id)');
  expect(recorded).toEqual(ALL_MIGRATIONS.map((name) => ({ name, times: 1 })));
}

/**
 * Runs `script` (test/support/…child.ts) on `location` with migrations on, stopping just before
 * the `occurrence`th statement of `statement`; kills it there (SIGKILL) and returns what it saw.
 */
export function migrateUntilKilled<Point extends PausePoint>(script: string, location: string, statement: string, occurrence = 1): Promise<Point> {
  return new Promise((resolve, reject) => {
    const args = ['-r', './test/support/register-ts.js', script, location, statement, String(occurrence)];
    const child = spawn(process.execPath, args, { cwd: join(__dirname, '../..'), stdio: ['ignore', 'pipe', 'inherit'] });
    let seen: Point | undefined;
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

/** Checks what the child saw where it stopped against what the kill point expects. */
export function expectPausedAt(seen: PausePoint, { recorded, objects, blocks }: KillPoint): void {
  expect(seen.recorded).toEqual(recorded);
  if (blocks !== undefined) expect(seen.blocks).toBe(blocks);
  expect(seen.objects).toEqual(expect.arrayContaining(objects.has));
  for (const object of objects.lacks) expect(seen.objects).not.toContain(object);
}

/** What a database needs to hold a ledger at the first schema, and to tell whether its schema changed. */
export interface FirstSchema {
  /** Undoes every migration after the first at `location`, newest first, as the journal's first release left it. */
  undoLaterMigrations(location: string): Promise<void>;
  /** The schema at `location` as the database describes it (every object, with its definition). */
  describe(location: string): Promise<unknown>;
}

/** What a ledger held before any migration ran, and its schema's description. */
export interface OldLedger {
  contents: Contents;
  schema: unknown;
}

interface Contents {
  digest: unknown;
  blocks: unknown[];
  cars: unknown[];
  /** The cars an index range finds (the index entries need their order keys, which a migration backfills). */
  recentCars: unknown[];
}

async function contentsOf(ledger: Ledger, location: string): Promise<Contents> {
  return {
    digest: await ledger.getDigest(),
    blocks: await rawQuery(location, 'SELECT sequence_no, block_hash, header FROM journal_block ORDER BY sequence_no'),
    cars: await ledger.query('SELECT * FROM _ql_committed_Car AS c ORDER BY c.metadata.id'),
    recentCars: await ledger.query('SELECT vin FROM Car WHERE year > 2000 ORDER BY vin'),
  };
}

/** A new ledger at `location` holding a table, an index, inserts and an update, then taken back to the first schema. */
export async function firstSchemaLedger(location: string, firstSchema: FirstSchema): Promise<OldLedger> {
  const ledger = await openTestLedger(location);
  await ledger.query('CREATE TABLE Car');
  await ledger.query('CREATE INDEX ON Car (year)');
  for (let n = 0; n < 6; n++) await ledger.query('INSERT INTO Car ?', { vin: `VIN-${n}`, year: 1990 + 5 * n });
  await ledger.query("UPDATE Car SET year = 2030 WHERE vin = 'VIN-0'");
  const contents = await contentsOf(ledger, location);
  await ledger.close();
  await firstSchema.undoLaterMigrations(location);
  return { contents, schema: await firstSchema.describe(location) };
}

/** The ledger at `location` as the old release left it: the same migrations pending (`migrate: 'check'` refuses it), its schema unchanged. */
export async function expectUnmigrated(location: string, old: OldLedger, firstSchema: FirstSchema): Promise<void> {
  expect(await storageMigrationStatus(storageAt(location))).toEqual({ applied: [FIRST], pending: PENDING, ran: [] });
  await expect(Ledger.open({ name: 'test', storage: storageAt(location), migrate: 'check' })).rejects.toThrow(MigrationsPendingError);
  expect(await firstSchema.describe(location)).toEqual(old.schema);
}

/** Reopening migrates the ledger: verify() is clean, every block and document is there, every migration is recorded once. */
export async function expectReopenMigrates(location: string, old: OldLedger): Promise<void> {
  const ledger = await Ledger.open({ name: 'test', storage: storageAt(location) });
  expect((await ledger.verify()).problems).toEqual([]);
  expect(await contentsOf(ledger, location)).toEqual(old.contents);
  await ledger.close();
  const recorded = await rawQuery(location, 'SELECT name, CAST(COUNT(*) AS INTEGER) AS times FROM ledger_migrations GROUP BY name ORDER BY MIN(id)');
  expect(recorded).toEqual(ALL_MIGRATIONS.map((name) => ({ name, times: 1 })));
  expect(await storageMigrationStatus(storageAt(location))).toEqual({ applied: ALL_MIGRATIONS, pending: [], ran: [] });
}
