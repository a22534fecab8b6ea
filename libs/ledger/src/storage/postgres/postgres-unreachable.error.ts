// `open` could not connect to the PostgreSQL database: every attempt (the first and its
// `connectRetries` retries, with a growing wait between) failed as a database that is down, still
// starting or out of reach does. The last failure is the cause. Nothing was read or written.
import { StorageError } from '../storage.error';

export class DatabaseUnreachableError extends StorageError {
  override readonly code = 'POSTGRES_UNREACHABLE';

  constructor(
    /** Where the ledger is (describeStorage). */
    readonly location: string,
    /** How many times open tried to connect. */
    readonly attempts: number,
    cause: unknown,
  ) {
    super(
      `cannot open ${location}: the database accepted no connection in ${attempts} attempt${attempts === 1 ? '' : 's'} (last: ${(cause as Error).message}); ` +
        'is it up and reachable? options.storage.connectRetries and connectRetryDelayMs let open wait for it',
      location,
      cause,
    );
  }
}
