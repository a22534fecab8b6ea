// The kill points shared by the migration crash specs (test/migrate-crash.e2e-spec.ts on SQLite,
// test/postgres-migrate-crash.e2e-spec.ts on PostgreSQL): a ledger of the journal's first schema
// (five migrations pending) is migrated by a child process that stops just before a known
// statement, prints what its uncommitted transaction sees there as one JSON line, and blocks until
// it is killed with SIGKILL.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

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
}

/** A point a migrating process is killed at, and what it has done (uncommitted) when it stops there. */
export interface KillPoint {
  point: string;
  /** The text the statement the child stops before begins with (SQLite's child: contains). */
  statement: string;
  occurrence?: number;
  recorded: string[];
  objects: { has: string[]; lacks: string[] };
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
export function expectPausedAt(seen: PausePoint, { recorded, objects }: KillPoint): void {
  expect(seen.recorded).toEqual(recorded);
  expect(seen.objects).toEqual(expect.arrayContaining(objects.has));
  for (const object of objects.lacks) expect(seen.objects).not.toContain(object);
}
