// How the ledger connects to an SQLite file, from whichever thread: the driver (better-sqlite3, or
// better-sqlite3-multiple-ciphers for an encrypted file, given its key before anything reads it), the
// durable settings every connection of a ledger's file takes, and the prepared statements it keeps.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { loadBetterSqlite3, loadBetterSqlite3MultipleCiphers, type BetterSqlite3Driver } from '../database-driver';
import { EncryptionKeyError } from '../encryption-key.error';
import { describeStorage, type SqliteCipher, type SqliteStorageOptions } from '../storage-options';

/** A better-sqlite3 connection. */
export type SqliteConnection = InstanceType<BetterSqlite3Driver>;

/** A prepared statement, as the ledger runs it: rows from a reader, nothing from a writer. */
export interface SqliteStatement {
  readonly reader: boolean;
  all(...parameters: unknown[]): unknown[];
  run(...parameters: unknown[]): unknown;
}

/** Statements a connection keeps prepared; the cache is emptied when it grows past this. */
const STATEMENT_CACHE_SIZE = 1000;

/**
 * Pages the write-ahead log grows to before a commit checkpoints it into the file (SQLite's default
 * is 1,000). A commit of one block writes about 12 pages (the block, its revision, the current
 * document, tree nodes, and their indexes), so at the default a lone writer paid a checkpoint (two
 * syncs) every 80 commits where a single-row writer pays one every 1,000; at 10,000 the log holds
 * about 800 such commits (some 40 MB), and each checkpoint writes a hot page once for many commits.
 */
const WAL_AUTOCHECKPOINT_PAGES = 10_000;

/**
 * How a connection journals its writes: the write-ahead log (a ledger's file), or, for a file
 * built whole before anyone reads it, a rollback journal kept in memory and no syncs: a new
 * file's pages have nothing to roll back to, so each is written once, into the file.
 */
export type SqliteJournal = 'wal' | 'building';

/**
 * A connection to the file (created, with its directory, when absent), unlocked when encrypted,
 * with the ledger's settings: the write-ahead log (checkpointed every WAL_AUTOCHECKPOINT_PAGES), the synchronous level, foreign keys, and
 * deleted or overwritten content zeroed in the file (so a redaction leaves none of it).
 */
export function connect(driver: BetterSqlite3Driver, options: SqliteStorageOptions, passphrase: Buffer | undefined, journal: SqliteJournal): SqliteConnection {
  if (options.database !== ':memory:') mkdirSync(dirname(options.database), { recursive: true });
  const connection = new driver(options.database, { timeout: options.busyTimeoutMs ?? 30_000 });
  try {
    if (passphrase) unlock(connection as unknown as CipherConnection, options, passphrase); // before anything else reads the file
    connection.pragma(`synchronous = ${journal === 'building' ? 'OFF' : (options.synchronous ?? 'FULL')}`);
    connection.pragma('secure_delete = ON');
    connection.pragma('foreign_keys = ON');
    if (journal === 'building') {
      connection.pragma('journal_mode = MEMORY');
    } else if (options.database !== ':memory:') {
      connection.pragma('journal_mode = WAL');
      connection.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
    }
    return connection;
  } catch (error) {
    connection.close();
    throw error;
  }
}

/** A connection of better-sqlite3-multiple-ciphers, as far as the ledger unlocks it (better-sqlite3's has the same pragma). */
export interface CipherConnection {
  pragma(sql: string): unknown;
  key(passphrase: Buffer): number;
  prepare(sql: string): { get(): unknown };
}

/** The driver of the file: the one built with SQLite3MultipleCiphers when it is encrypted. */
export function driverOf(options: SqliteStorageOptions): BetterSqlite3Driver {
  return options.encryption ? loadBetterSqlite3MultipleCiphers() : loadBetterSqlite3();
}

/**
 * Selects the cipher and gives the connection its key, then reads the schema: a key the file does
 * not open with is an EncryptionKeyError (SQLite only finds out on the first read).
 */
export function unlock(db: CipherConnection, options: SqliteStorageOptions, passphrase: Buffer): void {
  const cipher: SqliteCipher = options.encryption?.cipher ?? 'sqlcipher';
  db.pragma(`cipher = '${cipher}'`); // one of SQLITE_CIPHERS, checked with the options
  if (cipher === 'sqlcipher') db.pragma('legacy = 4'); // SQLCipher 4's format and settings
  db.key(passphrase);
  try {
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (error) {
    if (/not a database|file is encrypted/i.test(String(error))) throw new EncryptionKeyError(describeStorage(options), cipher);
    throw error;
  }
}

/** A connection's prepared statements by their SQL, each prepared once (while the cache holds it). */
export class PreparedStatements {
  private readonly statements = new Map<string, SqliteStatement>();

  constructor(private readonly connection: { prepare(sql: string): SqliteStatement }) {}

  /** The statement of `sql`, prepared the first time it is asked for. */
  of(sql: string): SqliteStatement {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      if (this.statements.size >= STATEMENT_CACHE_SIZE) this.statements.clear();
      statement = this.connection.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}
