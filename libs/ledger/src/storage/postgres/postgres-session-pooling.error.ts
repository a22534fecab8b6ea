// The ledger was opened through a pooler that does not give it a session of its own: PgBouncer (or
// a serverless pooler) in transaction or statement mode, where consecutive statements of one client
// connection may run in different server sessions. The ledger needs one: its migrations hold a
// session advisory lock, its session settings are SET once per connection, it LISTENs for commits
// and names prepared statements. Detected at open, by comparing backend pids; nothing was written.
import { StorageError } from '../storage.error';

export class SessionPoolingRequiredError extends StorageError {
  override readonly code = 'POSTGRES_SESSION_POOLING_REQUIRED';

  constructor(
    /** Where the ledger is (describeStorage). */
    readonly location: string,
    /** What was seen: the server sessions (backend pids) of two statements of one connection, and of another connection in between. */
    readonly backendPids: { first: number; second: number; otherConnection: number },
  ) {
    super(
      `cannot open ${location}: the connection is pooled per transaction or per statement (two statements of one connection ran in server sessions ` +
        `${backendPids.first} and ${backendPids.second}, another connection's in ${backendPids.otherConnection}); the ledger needs a session ` +
        'of its own per connection (session advisory locks, SET, LISTEN, prepared statements): connect directly or through a pooler in session mode ' +
        '(PgBouncer: pool_mode = session)',
      location,
    );
  }
}
