// Types of pgbouncer.js, for the specs that load it.
export interface PgBouncer {
  /** postgres://ledger@127.0.0.1:<port>/session: a database in pool_mode session (no password in it). */
  sessionUrl: string;
  /** postgres://ledger@127.0.0.1:<port>/transaction: a database in pool_mode transaction. */
  transactionUrl: string;
  port: number;
  /** Stops PgBouncer and removes its directory. */
  stop(): Promise<void>;
}

export function startPgBouncer(options: { serverUrl: string; password: string }): Promise<PgBouncer>;
