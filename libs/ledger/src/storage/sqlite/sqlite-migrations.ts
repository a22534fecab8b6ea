// The schema's migrations on an SQLite connection, run without TypeORM (which a command that only
// reads a ledger file would otherwise load): the bookkeeping TypeORM's executor keeps, so a file
// made by either opens in both: the table `ledger_migrations` created with the SQL TypeORM gives it
// (the schema check compares that text), one row per migration run, and every pending migration
// run in one transaction, all or none (a process killed while migrating leaves the file as it was).
// A table naming a migration this release does not know, or one twice, is refused before anything runs.
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { LEDGER_MIGRATIONS } from '../migrations/ledger-migrations';
import { refuseUntrustedRecords, settledStatus, type MigrationMode, type MigrationStatus } from '../migrations/migration-status';

/** The statements of a better-sqlite3 connection the migrations use. */
export interface MigratedConnection {
  prepare(sql: string): { readonly reader: boolean; all(...parameters: unknown[]): unknown[]; run(...parameters: unknown[]): unknown };
  exec(sql: string): unknown;
  readonly inTransaction: boolean;
}

const CREATE_MIGRATIONS_TABLE = 'CREATE TABLE "ledger_migrations" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "timestamp" bigint NOT NULL, "name" varchar NOT NULL)';

/**
 * Runs (`run`), checks (`check`: MigrationsPendingError when any is pending) or reports (`status`)
 * the migrations of the schema `connection` opened; neither `check` nor `status` writes anything.
 */
export async function settleSqliteMigrations(connection: MigratedConnection, mode: MigrationMode, location: string): Promise<MigrationStatus> {
  const ran = mode === 'run' && pendingOf(appliedMigrations(connection, location)).length > 0 ? await runPending(connection, location) : [];
  const applied = appliedMigrations(connection, location) ?? [];
  return settledStatus({ applied, pending: pendingOf(applied).map((migration) => migration.name), ran }, mode, location);
}

/** The migrations of this release not among `applied`, oldest first. */
function pendingOf(applied: readonly string[] | undefined): typeof LEDGER_MIGRATIONS {
  return LEDGER_MIGRATIONS.filter((migration) => !applied?.includes(migration.name));
}

/**
 * The names of the migrations run on the schema, oldest first; undefined when it has no bookkeeping
 * table yet. A NotALedgerError names a row this release cannot account for.
 */
function appliedMigrations(connection: MigratedConnection, location: string): string[] | undefined {
  const [table] = connection.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'ledger_migrations'").all();
  if (table === undefined) return undefined;
  const rows = connection.prepare('SELECT name FROM ledger_migrations ORDER BY timestamp, id').all() as Array<{ name: string }>;
  return refuseUntrustedRecords(rows.map((row) => row.name), location);
}

/**
 * Runs the migrations the schema has not run, oldest first, in one transaction holding the write
 * lock (another process migrating the same file waits, then finds nothing pending); returns their names.
 */
async function runPending(connection: MigratedConnection, location: string): Promise<string[]> {
  connection.exec('BEGIN IMMEDIATE');
  try {
    const applied = appliedMigrations(connection, location);
    if (applied === undefined) connection.exec(CREATE_MIGRATIONS_TABLE);
    const pending = pendingOf(applied);
    for (const Migration of pending) await runOne(connection, new Migration(), Migration.name);
    connection.exec('COMMIT');
    return pending.map((migration) => migration.name);
  } catch (error) {
    if (connection.inTransaction) connection.exec('ROLLBACK');
    throw error;
  }
}

async function runOne(connection: MigratedConnection, migration: MigrationInterface, name: string): Promise<void> {
  await migration.up(queryRunnerOn(connection));
  connection.prepare('INSERT INTO "ledger_migrations" ("timestamp", "name") VALUES (?, ?)').run(timestampOf(name), name);
}

/** The timestamp TypeORM reads from a migration's name: its last 13 digits. */
function timestampOf(name: string): number {
  return Number(name.slice(-13));
}

/** As much of a TypeORM query runner as the migrations use: `query`, and the driver type that picks their dialect. */
function queryRunnerOn(connection: MigratedConnection): QueryRunner {
  const runner = {
    connection: { driver: { options: { type: 'better-sqlite3' } } },
    query: async (sql: string, parameters: readonly unknown[] = []) => {
      const statement = connection.prepare(sql);
      return statement.reader ? statement.all(...parameters) : statement.run(...parameters);
    },
  };
  return runner as unknown as QueryRunner;
}
