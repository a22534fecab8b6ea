// A ledger's schema lacks migrations this release needs, and the opening was told not to run them
// (`migrate: false` or `'check'`, or a read-only opening): nothing was written.
import { LedgerError } from '../errors';

export class MigrationsPendingError extends LedgerError {
  readonly code = 'MIGRATIONS_PENDING';

  constructor(
    location: string,
    /** The migrations not yet run, oldest first (TypeORM names: class name with its timestamp). */
    readonly pending: readonly string[],
    /** The migrations already run: none when the schema (or file) holds no ledger at all. */
    readonly applied: readonly string[],
  ) {
    super(
      `${location} needs migrating: ${pending.length} pending migration${pending.length === 1 ? '' : 's'} (${pending.join(', ')}); ` +
        'run them with `ledger migrate <db>` (or open it once with migrate: true)',
      pending,
    );
  }
}
