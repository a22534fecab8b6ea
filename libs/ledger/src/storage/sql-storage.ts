// What the engine needs from a database, whichever it is: reads that see only committed data, and
// one write transaction at a time that holds the ledger's write lock (so writers in other
// processes wait), committing all of its statements or none.
import type { StorageOptions } from './storage-options';

/** Runs one SQL statement with `?` placeholders and returns its rows. */
export type SqlQuery = <Row = Record<string, unknown>>(sql: string, parameters?: readonly unknown[]) => Promise<Row[]>;

export interface SqlStorage {
  readonly options: StorageOptions;
  /** Runs `work` outside any write transaction: it sees only committed data. */
  read<T>(work: (query: SqlQuery) => Promise<T>): Promise<T>;
  /** Runs `work` in one database transaction holding the ledger's write lock: all of it commits, or none. */
  write<T>(work: (query: SqlQuery) => Promise<T>): Promise<T>;
  /** Waits for the write in progress, then closes the connections. */
  close(): Promise<void>;
}
