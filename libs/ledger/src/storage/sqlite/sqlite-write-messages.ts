// What the thread that holds an SQLite file's write connection (sqlite-write-worker.ts) is sent and
// answers: whole pipelined batches, or single statements of a transaction another thread drives.
import type { SqliteStorageOptions } from '../storage-options';
import type { SqlStatement } from '../sql-storage';

/** What the write thread starts with: where the file is and how it is opened; the key, when encrypted, apart from the options. */
export interface WriteThreadSetup {
  options: Pick<SqliteStorageOptions, 'type' | 'database' | 'synchronous' | 'busyTimeoutMs'> & { encryption?: { cipher?: NonNullable<SqliteStorageOptions['encryption']>['cipher'] } };
  passphrase: Uint8Array | undefined;
}

export type WriteRequest =
  /** BEGIN IMMEDIATE, the tip check (which must find the expected tip), the statements, COMMIT: all or nothing. */
  | { id: number; kind: 'batch'; tipCheck: SqlStatement; statements: readonly SqlStatement[] }
  /** One statement (BEGIN, COMMIT and ROLLBACK included): its rows. */
  | { id: number; kind: 'query'; sql: string; parameters: readonly unknown[] }
  /** Closes the connection; the thread then ends. */
  | { id: number; kind: 'close' };

/** A failure, as it crosses threads: the driver's message and code, or the tip check that did not hold. */
export interface WriteFailure {
  message: string;
  code?: string;
  tipMoved?: true;
}

export type WriteReply = { id: number; rows: unknown[] } | { id: number; failure: WriteFailure };
