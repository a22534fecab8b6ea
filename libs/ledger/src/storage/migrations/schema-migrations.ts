// The schema's migrations run by TypeORM's executor (PostgreSQL): run, checked or reported, in
// its bookkeeping table `ledger_migrations`, which is refused (before anything runs) when it names a
// migration this release does not know or one twice: TypeORM would ignore such rows.
import { MigrationExecutor, type DataSource, type QueryRunner } from 'typeorm';
import { refuseUntrustedRecords, settledStatus, type MigrationMode, type MigrationStatus } from './migration-status';

/**
 * Runs, checks or reports the migrations of the schema `dataSource` opened, on `queryRunner` when
 * given (PostgreSQL holds the ledger's lock on it). `check` throws MigrationsPendingError naming
 * the pending ones; neither `check` nor `status` writes anything (not even TypeORM's own table).
 * A bookkeeping row this release cannot account for is a NotALedgerError naming it.
 */
export async function settleMigrations(dataSource: DataSource, mode: MigrationMode, location: string, queryRunner?: QueryRunner): Promise<MigrationStatus> {
  const executor = new MigrationExecutor(dataSource, queryRunner);
  executor.transaction = 'all';
  refuseUntrustedRecords((await executor.getExecutedMigrations()).map((migration) => migration.name), location);
  const ran = mode === 'run' ? (await executor.executePendingMigrations()).map((migration) => migration.name) : [];
  const applied = (await executor.getExecutedMigrations()).sort((a, b) => a.timestamp - b.timestamp).map((migration) => migration.name);
  const pending = (await executor.getPendingMigrations()).map((migration) => migration.name);
  return settledStatus({ applied, pending, ran }, mode, location);
}
