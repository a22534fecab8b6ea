// A PostgreSQL ledger's writer (or `open`, which migrates under the same lock) waited its lock
// timeout for the ledger's advisory lock and another session still held it: another instance stuck
// in a long transaction, or any role of the database holding the lock on purpose. Nothing was
// written. The message names the lock and gives the query that finds its holder in pg_locks. A
// StorageError, so whatever handles the database's failures handles this one too.
import { StorageError } from '../storage.error';

export class LedgerLockTimeoutError extends StorageError {
  override readonly code = 'LEDGER_LOCK_TIMEOUT';

  constructor(
    /** The ledger's schema, whose advisory lock could not be taken. */
    readonly schema: string,
    /** How long the wait lasted (the storage's lockTimeoutMs), in ms. */
    readonly waitedMs: number,
    /** SQL listing the sessions holding the lock (pid, user, application, address). */
    readonly holderQuery: string,
    cause: unknown,
  ) {
    super(
      `the write lock of the postgres ledger in schema ${schema} (an advisory lock) was held by another session for longer than ${waitedMs} ms; ` +
        `nothing was written. Find its holder with: ${holderQuery}`,
      schema,
      cause,
    );
  }
}
