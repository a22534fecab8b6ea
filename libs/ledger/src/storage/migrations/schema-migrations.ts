// What opening does with the schema's migrations, on either dialect: runs the pending ones (`run`),
// refuses a schema that has any (`check`, writing nothing), or only reports them (`status`).
import { MigrationExecutor, type DataSource, type QueryRunner } from 'typeorm';
import type { LedgerLogger } from '../../telemetry';
import { MigrationsPendingError } from '../migrations-pending.error';
import { LEDGER_MIGRATIONS } from './ledger-migrations';

export type MigrationMode = 'run' | 'check' | 'status';

/** The schema's migrations: those applied (oldest first), those still pending, and those this opening ran. */
export interface MigrationStatus {
  applied: readonly string[];
  pending: readonly string[];
  ran: readonly string[];
}

/** Every migration of this release, pending: the status of an empty schema or a missing file. */
export function nothingApplied(): MigrationStatus {
  return { applied: [], pending: LEDGER_MIGRATIONS.map((migration) => migration.name), ran: [] };
}

/**
 * Runs, checks or reports the migrations of the schema `dataSource` opened, on `queryRunner` when
 * given (PostgreSQL holds the ledger's lock on it). `check` throws MigrationsPendingError naming
 * the pending ones; neither `check` nor `status` writes anything (not even TypeORM's own table).
 */
export async function settleMigrations(dataSource: DataSource, mode: MigrationMode, location: string, queryRunner?: QueryRunner): Promise<MigrationStatus> {
  const executor = new MigrationExecutor(dataSource, queryRunner);
  executor.transaction = 'all';
  const ran = mode === 'run' ? (await executor.executePendingMigrations()).map((migration) => migration.name) : [];
  const applied = (await executor.getExecutedMigrations()).sort((a, b) => a.timestamp - b.timestamp).map((migration) => migration.name);
  const pending = (await executor.getPendingMigrations()).map((migration) => migration.name);
  if (mode === 'check' && pending.length > 0) throw new MigrationsPendingError(location, pending, applied);
  return { applied, pending, ran };
}

/** Logs the migrations an opening ran, if any. */
export function logMigrationsRan(logger: LedgerLogger, location: string, status: MigrationStatus): void {
  if (status.ran.length) logger.log(`migrated ${location}: ran ${status.ran.join(', ')}`);
}
