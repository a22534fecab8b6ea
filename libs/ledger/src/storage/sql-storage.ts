// What the engine needs from a database, whichever it is: reads that see only committed data, and
// one write transaction at a time that holds the ledger's write lock (so writers in other
// processes wait), committing all of its statements or none.
import type { StorageOptions } from './storage-options';

/**
 * Runs one SQL statement with `?` placeholders and returns its rows. `name` marks a statement whose
 * text never changes, for PostgreSQL to parse and plan it once per connection.
 */
export type SqlQuery = <Row = Record<string, unknown>>(sql: string, parameters?: readonly unknown[], name?: string) => Promise<Row[]>;

/** One SQL statement with `?` placeholders, and its parameters. */
export interface SqlStatement {
  sql: string;
  parameters: readonly unknown[];
  /** Set on a statement whose text never changes, for PostgreSQL to parse and plan once per connection. */
  name?: string;
}

/** How a read runs. */
export interface ReadOptions {
  /**
   * Work makes exactly one query, which sees one moment of the database by itself: PostgreSQL then
   * runs it alone, outside a transaction (one round trip instead of two).
   */
  singleStatement?: boolean;
}

/** A block of the journal: its sequenceNo and hash. */
export interface JournalTip {
  sequenceNo: number;
  blockHash: Uint8Array;
}

/** How a write transaction begins. */
export interface WriteOptions {
  /**
   * The journal's tip as the writer expects it (its own last commit), checked under the lock
   * before any of work's statements runs, instead of read: when the tip is another block, the
   * write throws TipMovedError, committing nothing.
   */
  expectedTip?: JournalTip;
}

/** How a write transaction ends: statements to run last, and the journal's new tip when it appended blocks. */
export interface WriteEnd {
  /** Run after work and before COMMIT (PostgreSQL sends them with COMMIT, in one round trip). */
  statements?: readonly SqlStatement[];
  /** Set when the write appended blocks: other instances watching the tip hear of it once it commits. */
  tipSequenceNo?: number;
}

/**
 * Marks of the database as a write transaction found it and as it leaves it once committed: a
 * later write transaction finds the mark an earlier one left only when nothing else was committed
 * in between, by any connection (this storage's other writes included).
 */
export interface WriteMarks {
  found: string;
  left: string;
}

/** Which process runs a projection: at most one at a time across every process sharing the ledger. */
export interface ProjectionLease {
  /** Takes, or renews, the lease of `projection` for `owner` for `ttlMs`; false while another owner holds it. */
  acquire(projection: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Frees the lease when `owner` holds it, so another process may take over at once. */
  release(projection: string, owner: string): Promise<void>;
}

/** What `scrub` did to the copies a database keeps of data it no longer holds, and what may remain. */
export interface ScrubReport {
  /** What was run, in order. */
  steps: string[];
  /** Where the database may still keep removed data, in words; empty when nowhere it controls. */
  remains: string[];
}

/** How far `scrub` goes. */
export interface ScrubOptions {
  /**
   * Also rewrite the stored tables, so that no free space keeps anything deleted before (SQLite:
   * VACUUM of the whole file, for a file written without secure_delete, by an older release;
   * PostgreSQL: VACUUM FULL, which locks the tables while it copies them). Costs a copy of the data.
   */
  rebuild?: boolean;
}

export interface SqlStorage {
  readonly options: StorageOptions;
  /** Runs `work` outside any write transaction: it sees only committed data. */
  read<T>(work: (query: SqlQuery) => Promise<T>, options?: ReadOptions): Promise<T>;
  /**
   * Runs `work` in one database transaction holding the ledger's write lock, then the statements
   * of the end `end` makes of work's result, then COMMIT: all of it commits, or none. PostgreSQL
   * sends the last statements and COMMIT in one round trip, so that the lock is held one round trip
   * less, and notifies the tip's watchers when the end names a new tip. An expected tip
   * (`options.expectedTip`) is checked before any of work's statements runs.
   */
  write<T>(work: (query: SqlQuery) => Promise<T>, end?: (value: T) => WriteEnd, options?: WriteOptions): Promise<T>;
  /**
   * Inside a write transaction, where the database can tell cheaply (SQLite: `PRAGMA data_version`):
   * its marks, by which a writer knows that nothing changed since its own last write, and skips
   * reading what it already holds.
   */
  writeMarks?(): WriteMarks;
  /**
   * Where the storage pipelines writes (SQLite with storage.writerThread): queues a write
   * transaction that runs `statements` and commits only if the journal's tip is still
   * `expectedTip` (else TipMovedError, nothing written), behind every write sent before it, and
   * returns at once the promise of its commit. A batch may be chained on one not yet committed;
   * if that one fails, the tip check fails the next.
   */
  pipeline?(expectedTip: JournalTip, statements: readonly SqlStatement[]): Promise<void>;
  /**
   * Calls `listener` with the journal's tip sequenceNo soon after any process commits to this
   * ledger (this one included); returns the function that stops it. Listeners may be called for a
   * tip they already saw. Watching costs nothing while no listener is registered.
   */
  watchTip(listener: (tipSequenceNo: number) => void): () => void;
  /** How projections share out across processes, when this database has a better way than the row lease (PostgreSQL: advisory locks). */
  readonly projectionLease?: ProjectionLease;
  /**
   * Clears, as far as the database allows, the copies it keeps of data that a write overwrote
   * (SQLite: the write-ahead log, checkpointed and truncated; PostgreSQL: dead row versions, by
   * VACUUM when this role owns the table). Run after a redaction; see docs/governance.md.
   */
  scrub(options?: ScrubOptions): Promise<ScrubReport>;
  /**
   * Where the database is one file (SQLite): copies it, as one committed snapshot, to a new file at
   * `destination`, placed there only once `check` (given the copy's storage options) passes:
   * 'placed', or why it was not (a file appeared there meanwhile), with nothing left behind.
   */
  backupTo?(destination: string, check: (copy: StorageOptions) => Promise<void>): Promise<'placed' | string>;
  /** Waits for the write in progress, stops watching the tip, then closes the connections. */
  close(): Promise<void>;
}
