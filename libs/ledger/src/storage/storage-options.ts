// How a ledger is stored. SQLite (better-sqlite3) embeds the ledger in one file with no server;
// the same engine runs over any of these through TypeORM.

/** An embedded SQLite file, or ':memory:' for tests. */
export interface SqliteStorageOptions {
  type: 'sqlite';
  /** Path of the ledger file, or ':memory:'. */
  database: string;
  /**
   * SQLite's `synchronous` setting under WAL. FULL (default) syncs the WAL on every commit, so an
   * acknowledged commit survives power loss; NORMAL may lose the last commits on power loss (never
   * on a process crash) and never corrupts.
   */
  synchronous?: 'FULL' | 'NORMAL';
  /** How long a writer waits for another process's write lock before failing, in ms (default 30,000). */
  busyTimeoutMs?: number;
}

export type StorageOptions = SqliteStorageOptions;
