// Opens the storage a ledger's options name (an SQLite file or a PostgreSQL database), running its
// schema's pending migrations or only checking that there are none; and runs or reports those
// migrations on their own, for a deploy step or an operator (`ledger migrate`). The PostgreSQL
// storage (TypeORM and pg) is loaded the first time one is opened: a program on SQLite never loads it.
// A new ledger built whole before anyone reads it (an import's) opens to be built (openStorageToBuild).
import { SILENT_LOGGER, type LedgerLogger } from '../telemetry';
import type { MigrationStatus } from './migrations/migration-status';
import type { PostgresStorage } from './postgres/postgres-storage';
import type { SqlStorage } from './sql-storage';
import { SqliteStorage } from './sqlite/sqlite-storage';
import type { StorageOptions } from './storage-options';

export type { MigrationStatus } from './migrations/migration-status';

/**
 * Opens the storage: `run` (default) creates it when absent and runs the pending migrations;
 * `check` creates and writes nothing, and throws MigrationsPendingError when any are pending.
 * `logger` hears of the migrations run and of connection retries.
 */
export function openStorage(options: StorageOptions, migrations: 'run' | 'check' = 'run', logger: LedgerLogger = SILENT_LOGGER): Promise<SqlStorage> {
  return options.type === 'postgres' ? postgres().open(options, migrations, logger) : SqliteStorage.open(options, migrations, logger);
}

/** Storage written whole by one writer before anyone reads it; `finish` completes it (durable, as a ledger's) and closes it. */
export interface StorageBuild {
  storage: SqlStorage;
  finish(): Promise<void>;
}

/**
 * Opens a new ledger's storage to be built whole by one writer (an import): on SQLite a new file
 * written without a log until `finish` (SqliteStorage.openToBuild); on PostgreSQL as any open,
 * whose one transaction already writes everything once.
 */
export async function openStorageToBuild(options: StorageOptions, logger: LedgerLogger = SILENT_LOGGER): Promise<StorageBuild> {
  if (options.type === 'postgres') {
    const storage = await postgres().open(options, 'run', logger);
    return { storage, finish: () => storage.close() };
  }
  const storage = await SqliteStorage.openToBuild(options, logger);
  return { storage, finish: () => storage.finishBuild() };
}

/**
 * Runs the pending migrations of the ledger schema in `options` (creating the schema, or the SQLite
 * file, when absent; never a genesis block): what was applied, what this run applied, and nothing pending.
 */
export function migrateStorage(options: StorageOptions): Promise<MigrationStatus> {
  return options.type === 'postgres' ? postgres().migrations(options, 'run') : SqliteStorage.migrations(options, 'run');
}

/** The migrations applied to the ledger schema in `options` and those pending, read without creating or writing anything. */
export function storageMigrationStatus(options: StorageOptions): Promise<MigrationStatus> {
  return options.type === 'postgres' ? postgres().migrations(options, 'status') : SqliteStorage.migrations(options, 'status');
}

/** The PostgreSQL storage class, required on first use. */
function postgres(): typeof PostgresStorage {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('./postgres/postgres-storage') as typeof import('./postgres/postgres-storage')).PostgresStorage;
}
