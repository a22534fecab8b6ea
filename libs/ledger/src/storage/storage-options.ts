// How a ledger is stored. SQLite (better-sqlite3) embeds the ledger in one file with no server;
// PostgreSQL (pg) lets many application instances share one ledger. The same engine runs over
// either through TypeORM. Options hold secrets (a password, in `password` or the URL, TLS keys):
// they reach errors and logs only through redactStorageOptions and describeStorage.
import type { ConnectionOptions } from 'node:tls';

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
  /**
   * How often, while something watches the tip (a live stream), the file is checked for commits by
   * other processes, in ms (default 5): one `PRAGMA data_version` per interval on a read connection
   * of its own, and a tip read only when it changed.
   */
  tipPollIntervalMs?: number;
  /**
   * Writes from a worker thread of its own (default false): the ledger's write connection runs
   * there, and batches of commits are pipelined (all but redactions, rows attached beside the
   * journal and definitions): the next batch is hashed, chained and checked against the file with
   * the batches in flight laid over it while the thread writes and syncs the one before, and each
   * is acknowledged once it is on disk. Pays where many callers commit at once and a core is free;
   * a lone commit runs on the calling thread as without it. A file only.
   */
  writerThread?: boolean;
  /** Encrypts the file, its write-ahead log and its temporary files at rest (better-sqlite3-multiple-ciphers must be installed). */
  encryption?: SqliteEncryption;
}

/** SQLite3MultipleCiphers' ciphers; 'sqlcipher' writes SQLCipher 4's format, which SQLCipher's own tools open. */
export const SQLITE_CIPHERS = ['sqlcipher', 'chacha20', 'aes256cbc', 'aes128cbc', 'ascon128', 'aegis'] as const;

export type SqliteCipher = (typeof SQLITE_CIPHERS)[number];

/** The key of an encrypted SQLite file: a passphrase (the cipher derives the page key from it), given or provided. */
export interface SqliteEncryption {
  /** The passphrase, as a string or bytes. */
  key?: string | Uint8Array;
  /** A function returning the passphrase (from a secret store), called once per opening. */
  keyProvider?: () => string | Uint8Array | Promise<string | Uint8Array>;
  /** Default 'sqlcipher'. */
  cipher?: SqliteCipher;
}

/**
 * A PostgreSQL database (the `pg` package must be installed), by URL or by its parts. TLS: `ssl`,
 * or the URL's `sslmode`, `sslrootcert`, `sslcert` and `sslkey` (read by pg).
 */
export interface PostgresStorageOptions {
  type: 'postgres';
  /** `postgres://user:password@host:port/database`; the parts below override what it says. */
  url?: string;
  host?: string;
  port?: number;
  user?: string;
  /**
   * The password, or a function pg calls for each new connection (sync or async), e.g. one that
   * returns a short-lived IAM token. Never logged (redactStorageOptions).
   */
  password?: string | PostgresPasswordProvider;
  database?: string;
  /** The schema holding the ledger's tables, created when absent (default `public`): one ledger per schema. */
  schema?: string;
  /**
   * TLS for every connection of the ledger: `true` (verify the server's certificate against the
   * system's CAs), or Node's TLS options (`ca`, `cert`, `key`, `servername`, `rejectUnauthorized`, …).
   */
  ssl?: boolean | ConnectionOptions;
  /**
   * `synchronous_commit` for the ledger's connections. Unset (default), the server's setting
   * holds (PostgreSQL's default `on`: a commit is acknowledged once its WAL is flushed to disk).
   * `off` may lose the last acknowledged commits if the server crashes; it never corrupts or forks.
   */
  synchronousCommit?: 'on' | 'off' | 'local' | 'remote_write' | 'remote_apply';
  /** Connections in the pool that serves reads and the write transaction (default 10). */
  poolSize?: number;
  /**
   * How long a writer waits for another writer's lock on the ledger before failing, in ms (default
   * 30,000); also the longest a connection may stay idle inside a transaction before the server ends it.
   */
  lockTimeoutMs?: number;
  /** How often, while something watches the tip (a live stream), the tip is read to see other instances' commits, in ms (default 25). */
  tipPollIntervalMs?: number;
  /**
   * How many more times `open` tries to connect when the database does not accept connections yet
   * (refused, reset, starting up, unreachable), default 0; then it fails with DatabaseUnreachableError.
   */
  connectRetries?: number;
  /** The wait before the first retry, in ms, doubled for each next one up to 30 s (default 500). */
  connectRetryDelayMs?: number;
}

/** Returns the password of a new connection (an IAM token, a secret fetched from a vault). */
export type PostgresPasswordProvider = () => string | Promise<string>;

export type StorageOptions = SqliteStorageOptions | PostgresStorageOptions;

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** What is wrong with `options` as storage options, or undefined when they can be used. */
export function storageOptionsProblem(options: unknown): string | undefined {
  const storage = options as Partial<StorageOptions> | null;
  const usage =
    "options.storage must be { type: 'sqlite', database: '<file path or :memory:>' } or " +
    "{ type: 'postgres', url?, host?, port?, user?, password?, database?, schema? }";
  if (typeof storage !== 'object' || storage === null) return usage;
  const interval = storage.tipPollIntervalMs;
  if (interval !== undefined && !(typeof interval === 'number' && Number.isFinite(interval) && interval > 0)) {
    return `options.storage.tipPollIntervalMs must be a positive number of milliseconds, not ${String(interval)}`;
  }
  if (storage.type === 'sqlite') return typeof storage.database === 'string' ? (writerThreadProblem(storage.writerThread, storage.database) ?? encryptionProblem(storage.encryption, storage.database)) : usage;
  if (storage.type !== 'postgres') return usage;
  if (storage.ssl !== undefined && typeof storage.ssl !== 'boolean' && (typeof storage.ssl !== 'object' || storage.ssl === null)) {
    return `options.storage.ssl must be true, false or TLS options ({ ca, cert, key, … }), not ${storage.ssl === null ? 'null' : `a ${typeof storage.ssl}`}`;
  }
  if (storage.password !== undefined && typeof storage.password !== 'string' && typeof storage.password !== 'function') {
    return `options.storage.password must be a string or a function returning one (or a promise of one), not a ${typeof storage.password}`;
  }
  for (const name of ['connectRetries', 'connectRetryDelayMs'] as const) {
    const value = storage[name];
    if (value !== undefined && !(Number.isInteger(value) && value >= 0)) return `options.storage.${name} must be a whole number ≥ 0, not ${String(value)}`;
  }
  if (storage.schema !== undefined && !SCHEMA_NAME.test(storage.schema)) {
    return `options.storage.schema must be a lowercase identifier (a-z, 0-9, _), not ${JSON.stringify(storage.schema)}`;
  }
  return undefined;
}

/** What is wrong with the writerThread option of the SQLite database `database`, if anything. */
function writerThreadProblem(writerThread: unknown, database: string): string | undefined {
  if (writerThread === undefined || writerThread === false) return undefined;
  if (writerThread !== true) return `options.storage.writerThread must be true or false, not ${JSON.stringify(writerThread) ?? typeof writerThread}`;
  if (database === ':memory:') return 'options.storage.writerThread needs a file: an in-memory database is seen by one connection only';
  return undefined;
}

/** What is wrong with the encryption option of the SQLite file `database`, if anything (never showing a key). */
function encryptionProblem(encryption: unknown, database: string): string | undefined {
  if (encryption === undefined) return undefined;
  if (typeof encryption !== 'object' || encryption === null) return `options.storage.encryption must be { key | keyProvider, cipher? }, not ${encryption === null ? 'null' : `a ${typeof encryption}`}`;
  const { key, keyProvider, cipher } = encryption as SqliteEncryption;
  if ((key === undefined) === (keyProvider === undefined)) return 'options.storage.encryption takes a key or a keyProvider, exactly one';
  if (key !== undefined && !((typeof key === 'string' || key instanceof Uint8Array) && key.length > 0)) return 'options.storage.encryption.key must be a non-empty string or Uint8Array';
  if (keyProvider !== undefined && typeof keyProvider !== 'function') return `options.storage.encryption.keyProvider must be a function, not a ${typeof keyProvider}`;
  if (cipher !== undefined && !SQLITE_CIPHERS.includes(cipher)) return `options.storage.encryption.cipher must be one of ${SQLITE_CIPHERS.join(', ')}, not ${JSON.stringify(cipher)}`;
  if (database === ':memory:') return 'options.storage.encryption needs a file: an in-memory database is never on disk';
  return undefined;
}

/** Where the ledger is, for messages: the file, or the server, database and schema (never a password). */
export function describeStorage(options: StorageOptions): string {
  if (options.type === 'sqlite') return `the sqlite ledger at ${options.database}`;
  let server = `${options.host ?? 'localhost'}:${options.port ?? 5432}/${options.database ?? ''}`;
  if (options.url !== undefined) {
    try {
      const url = new URL(options.url);
      server = `${options.host ?? url.hostname}:${options.port ?? (url.port || 5432)}/${options.database ?? url.pathname.slice(1)}`;
    } catch {
      server = 'an unparsable url';
    }
  }
  return `the postgres ledger at ${server} (schema ${options.schema ?? 'public'})`;
}

/** What replaces a secret in redacted options. */
export const REDACTED = '[redacted]';

/** The fields of TLS options that hold secrets (private keys, their passphrase, PKCS#12 bundles). */
const SECRET_TLS_FIELDS = ['key', 'pfx', 'passphrase'];

/** What replaces a secret in a URL (where brackets would be percent-encoded). */
const REDACTED_IN_URL = 'redacted';

/** URL query parameters pg reads that hold secrets. */
const SECRET_URL_PARAMETERS = ['password', 'sslpassword'];

/**
 * Storage options as errors and logs may show them: the password and TLS keys replaced by
 * `[redacted]`, the URL's password (and its password parameters) by `redacted`; anything else (a bad value of any
 * type) as it is, except a string given as options or as `ssl`, which may be a URL or a key.
 */
export function redactStorageOptions(options: unknown): unknown {
  if (typeof options === 'string') return redactUrl(options);
  if (typeof options !== 'object' || options === null || Array.isArray(options)) return options;
  const redacted: Record<string, unknown> = { ...options };
  if ('password' in redacted) redacted.password = REDACTED;
  if (typeof redacted.encryption === 'object' && redacted.encryption !== null && 'key' in redacted.encryption) redacted.encryption = { ...redacted.encryption, key: REDACTED };
  if ('url' in redacted) redacted.url = redactUrl(redacted.url);
  if ('ssl' in redacted) redacted.ssl = redactTls(redacted.ssl);
  return redacted;
}

/** A connection URL without its password: the user info's and the query's. An unparsable string is not shown at all. */
export function redactUrl(url: unknown): unknown {
  if (typeof url !== 'string') return url;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `${REDACTED} (not a URL)`;
  }
  if (parsed.password) parsed.password = REDACTED_IN_URL;
  for (const name of SECRET_URL_PARAMETERS) if (parsed.searchParams.has(name)) parsed.searchParams.set(name, REDACTED_IN_URL);
  return parsed.href;
}

function redactTls(ssl: unknown): unknown {
  if (typeof ssl === 'boolean' || ssl === undefined || ssl === null) return ssl;
  if (typeof ssl !== 'object') return REDACTED;
  const redacted: Record<string, unknown> = { ...ssl };
  for (const field of SECRET_TLS_FIELDS) if (field in redacted) redacted[field] = REDACTED;
  return redacted;
}
