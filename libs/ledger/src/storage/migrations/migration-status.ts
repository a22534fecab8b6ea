// What opening does with the schema's migrations, whichever runs them (TypeORM's executor on
// PostgreSQL, the ledger's own on SQLite): the modes, the status reported, and the refusal of a
// schema that has pending ones when only a check was asked for, or whose bookkeeping names a
// migration this release does not know, or one twice.
import type { LedgerLogger } from '../../telemetry';
import { MigrationsPendingError } from '../migrations-pending.error';
import { NotALedgerError } from '../not-a-ledger.error';
import { LEDGER_MIGRATIONS } from './ledger-migrations';

/** Runs the pending migrations (`run`), refuses a schema that has any (`check`, writing nothing), or only reports them (`status`). */
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

/** The status of a schema in `mode`: `check` throws MigrationsPendingError naming the pending migrations. */
export function settledStatus(status: MigrationStatus, mode: MigrationMode, location: string): MigrationStatus {
  if (mode === 'check' && status.pending.length > 0) throw new MigrationsPendingError(location, status.pending, status.applied);
  return status;
}

/**
 * `names` when each is a migration of this release recorded once; otherwise the table was written
 * by a newer release or altered outside the ledger, and running or reporting against it would
 * misjudge the schema: refused, naming the row.
 */
export function refuseUntrustedRecords(names: string[], location: string): string[] {
  const known = new Set(LEDGER_MIGRATIONS.map((migration) => migration.name));
  const unknown = names.find((name) => !known.has(name));
  if (unknown !== undefined) {
    throw new NotALedgerError(location, `its ledger_migrations table records a migration this release does not know (${unknown}): open it with the release that made it`);
  }
  const twice = names.find((name, index) => names.indexOf(name) !== index);
  if (twice !== undefined) throw new NotALedgerError(location, `its ledger_migrations table records ${twice} twice: it was altered outside the ledger`);
  return names;
}

/** Logs the migrations an opening ran, if any. */
export function logMigrationsRan(logger: LedgerLogger, location: string, status: MigrationStatus): void {
  if (status.ran.length) logger.log(`migrated ${location}: ran ${status.ran.join(', ')}`);
}
