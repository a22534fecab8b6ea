// The ledger's connection to an SQLite file (better-sqlite3; TypeORM is not loaded): schema migrations on
// open (run, or only checked: then a missing file is not created), durable settings, one exclusive write transaction at a time (which also takes the
// database's write lock, so writers in other processes wait), and reads that never overlap a write
// transaction on the shared connection (a readers-writer lock). Commits by other processes are
// noticed through `PRAGMA data_version` on a read connection of its own, polled while watched. An
// encrypted file (storage.encryption) opens through better-sqlite3-multiple-ciphers, each connection
// given the key before it reads anything; deleted content is zeroed (secure_delete) so that what a
// redaction or a shredding removes leaves the file. A file built whole before anyone sees it (an
// import's) is written without a log and switched to the write-ahead log once complete (openToBuild).
// With storage.writerThread, pipelined batches, and writes while they are unanswered, go to a write
// connection on a thread of its own (sqlite-write-thread.ts); a read begun after one of its commits
// landed sees it.
import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { inspect } from 'node:util';
import { SILENT_LOGGER, type LedgerLogger } from '../../telemetry';
import { damageAsStorageError, isDatabaseDamage } from '../database-damage';
import { loadBetterSqlite3, type BetterSqlite3Driver } from '../database-driver';
import { EncryptionKeyError } from '../encryption-key.error';
import { syncFile } from '../file-sync';
import { logMigrationsRan, nothingApplied, type MigrationMode, type MigrationStatus } from '../migrations/migration-status';
import { MigrationsPendingError } from '../migrations-pending.error';
import type { JournalTip, ReadOptions, ScrubOptions, ScrubReport, SqlQuery, SqlStatement, SqlStorage, WriteEnd, WriteMarks, WriteOptions } from '../sql-storage';
import { tipCheckStatement } from '../ledger-repository';
import { TipMovedError } from '../tip-moved.error';
import { describeStorage, type SqliteStorageOptions } from '../storage-options';
import { NotALedgerError } from '../not-a-ledger.error';
import { StorageError } from '../storage.error';
import { TipWatch } from '../tip-watch';
import { connect, driverOf, PreparedStatements, unlock, type CipherConnection, type SqliteConnection, type SqliteJournal } from './sqlite-connection';
import { buildingNameFor, placeBuiltFile, removeBuilding } from './new-sqlite-file';
import { settleSqliteMigrations } from './sqlite-migrations';
import { SqliteWriteThread } from './sqlite-write-thread';

/** Default interval of the tip poll while watched, in ms. */
const TIP_POLL_INTERVAL_MS = 5;

export class SqliteStorage implements SqlStorage {
  private readonly statements: PreparedStatements;
  private writing: Promise<void> = Promise.resolve();
  private writeOpen = false;
  private writersWaiting = 0;
  private activeReads = 0;
  private waiting: Array<() => void> = [];
  private watcher: InstanceType<BetterSqlite3Driver> | undefined;
  private dataVersion: number | undefined;
  /** Write transactions this storage committed, and the open one's marks (writeMarks). */
  private writesCommitted = 0;
  private marks: WriteMarks | undefined;
  private readonly tipWatch: TipWatch;
  /** Commits of the write thread landed so far, and how many had when the open read transaction began (a read joins it only while none landed since). */
  private commitsLanded = 0;
  private readBegunAt = 0;
  /**
   * The marks of the open write transaction, where this connection writes; none where the write
   * thread does (its commits move this connection's data version too): the expected tip instead.
   */
  readonly writeMarks: (() => WriteMarks) | undefined;
  /** Pipelined batches, where the write thread writes (storage.writerThread). */
  readonly pipeline: ((expectedTip: JournalTip, statements: readonly SqlStatement[]) => Promise<void>) | undefined;

  private constructor(
    private readonly connection: SqliteConnection,
    readonly options: SqliteStorageOptions,
    private readonly passphrase: Buffer | undefined,
    private readonly journal: SqliteJournal = 'wal',
    private readonly writer?: SqliteWriteThread,
  ) {
    this.statements = new PreparedStatements(connection);
    this.writeMarks = writer ? undefined : () => this.openMarks();
    this.pipeline = writer ? (expectedTip, statements) => this.pipelined(writer, expectedTip, statements) : undefined;
    this.tipWatch = new TipWatch(options.tipPollIntervalMs ?? TIP_POLL_INTERVAL_MS, () => this.pollTip(), () => this.stopWatching());
  }

  /**
   * Opens the database and brings its schema to the current version (`run`, creating the file
   * when absent), or refuses it when it is not current (`check`: nothing is created or written).
   */
  static async open(options: SqliteStorageOptions, mode: 'run' | 'check' = 'run', logger: LedgerLogger = SILENT_LOGGER): Promise<SqliteStorage> {
    const passphrase = await passphraseOf(options);
    const connection = await SqliteStorage.connect(options, mode, logger, passphrase, 'wal');
    return new SqliteStorage(connection, options, passphrase, 'wal', options.writerThread ? new SqliteWriteThread(options, passphrase) : undefined);
  }

  /**
   * Opens a new file that nobody reads until it is complete (an import's temporary file), for
   * writes that reach the file once: no write-ahead log, whose frames a long transaction would
   * hold until a checkpoint copied them into the file (the whole ledger written twice, and on
   * disk twice at the end), and no sync before `finishBuild`. A crash leaves a file that was never
   * a ledger's, to be removed.
   */
  static async openToBuild(options: SqliteStorageOptions, logger: LedgerLogger = SILENT_LOGGER): Promise<SqliteStorage> {
    if (options.database === ':memory:' || existsSync(options.database)) {
      throw new StorageError(`cannot build ${describeStorage(options)}: a file built whole must be new`, options.database);
    }
    const passphrase = await passphraseOf(options);
    const connection = await SqliteStorage.connect(options, 'run', logger, passphrase, 'building');
    return new SqliteStorage(connection, options, passphrase, 'building');
  }

  /** Completes a file opened by openToBuild: switched to the write-ahead log, closed, and synced to disk. */
  async finishBuild(): Promise<void> {
    if (this.journal !== 'building') throw new StorageError(`${describeStorage(this.options)} was not opened to be built`, this.options.database);
    await this.writing;
    this.connection.pragma('journal_mode = WAL');
    await this.close();
    syncFile(this.options.database);
  }

  /** What Node prints of the storage: where it is; never its options, which may hold the encryption key. */
  [inspect.custom](): string {
    return `SqliteStorage <${describeStorage(this.options)}>`;
  }

  /** Runs the pending migrations (`run`) or only reports them (`status`: a missing file is not created), then closes. */
  static async migrations(options: SqliteStorageOptions, mode: 'run' | 'status'): Promise<MigrationStatus> {
    if (mode === 'status' && isMissingFile(options)) return nothingApplied();
    const { connection, status } = await SqliteStorage.settle(options, mode, await passphraseOf(options));
    connection.close();
    return status;
  }

  private static async connect(options: SqliteStorageOptions, mode: 'run' | 'check', logger: LedgerLogger, passphrase: Buffer | undefined, journal: SqliteJournal): Promise<SqliteConnection> {
    if (mode === 'check' && isMissingFile(options)) throw new MigrationsPendingError(describeStorage(options), nothingApplied().pending, []);
    const { connection, status } = await SqliteStorage.settle(options, mode, passphrase, journal);
    logMigrationsRan(logger, describeStorage(options), status);
    return connection;
  }

  /** Connects to the file and settles its migrations: a damaged, foreign or altered file is refused (and left closed). */
  private static async settle(options: SqliteStorageOptions, mode: MigrationMode, passphrase: Buffer | undefined, journal: SqliteJournal = 'wal'): Promise<{ connection: SqliteConnection; status: MigrationStatus }> {
    refuseDamagedFile(options);
    const driver = driverOf(options);
    let connection: SqliteConnection | undefined;
    try {
      connection = connect(driver, options, passphrase, journal);
      refuseForeignDatabase(connection, options);
      const status = await settleSqliteMigrations(connection, mode, describeStorage(options));
      if (options.database !== ':memory:' && status.pending.length === 0) await refuseAlteredSchema(connection, options);
      return { connection, status };
    } catch (error) {
      connection?.close();
      if (error instanceof NotALedgerError || error instanceof MigrationsPendingError || error instanceof EncryptionKeyError) throw error;
      if (/not a database|file is encrypted/i.test(String(error))) {
        throw new NotALedgerError(describeStorage(options), 'the file is not an SQLite database (an encrypted one opens only with storage.encryption)');
      }
      throw new StorageError(`cannot open ${describeStorage(options)}: ${(error as Error).message}`, options.database, error);
    }
  }

  /**
   * Runs `work` (one or several queries) in a read transaction while no write transaction is open on
   * the connection: it sees one committed snapshot (other processes' commits included only up to
   * its start), and no commit of this process starts until it is done. Concurrent reads share the
   * read transaction; new reads wait for a waiting writer, so writers are never starved. Work of
   * one statement (`singleStatement`) needs no transaction of its own: alone, it runs as SQLite's
   * implicit one, which sees one snapshot by itself (two statements fewer).
   */
  async read<T>(work: (query: SqlQuery) => Promise<T>, options: ReadOptions = {}): Promise<T> {
    while (this.writeOpen || this.writersWaiting > 0 || (this.activeReads > 0 && this.readBegunAt !== this.commitsLanded)) await this.nextTurn();
    if (this.activeReads === 0) this.readBegunAt = this.commitsLanded;
    this.activeReads++;
    if (!options.singleStatement && !this.connection.inTransaction) await this.query('BEGIN');
    try {
      return await work(this.query);
    } finally {
      if (--this.activeReads === 0) await this.endRead();
      this.wakeAll();
    }
  }

  /**
   * Ends the shared read transaction. On a damaged file SQLite may refuse even that (SQLITE_CORRUPT):
   * nothing was written, so the transaction is rolled back and what was read stands (verify()
   * reports the damage it met).
   */
  private async endRead(): Promise<void> {
    if (!this.connection.inTransaction) return;
    try {
      await this.query('COMMIT');
    } catch (error) {
      if (!isDatabaseDamage(error)) throw error;
      if (this.connection.inTransaction) await this.query('ROLLBACK');
    }
  }

  /**
   * Runs `work` in one exclusive database transaction holding the write lock (BEGIN IMMEDIATE):
   * all of it commits with one sync to disk, or none of it does. With a write thread, it runs there
   * while batches sent to it are not all answered (after them), else on this connection, as
   * without one: the thread holds no lock between requests.
   */
  write<T>(work: (query: SqlQuery) => Promise<T>, end?: (value: T) => WriteEnd, options: WriteOptions = {}): Promise<T> {
    const writer = this.writer;
    const result = this.writing.then(() => (writer?.busy ? this.onWriteThread(writer, work, end, options) : this.inWriteTransaction(work, end, options)));
    this.writing = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  /**
   * The open write transaction's marks: `PRAGMA data_version` on this connection (which moves when
   * another connection commits, never for this one's commits) beside the count of this storage's
   * committed writes, as the transaction began and as it leaves them once committed.
   */
  private openMarks(): WriteMarks {
    if (this.marks === undefined) throw new StorageError('writeMarks() is asked outside a write transaction', undefined);
    return this.marks;
  }

  /**
   * Checkpoints the write-ahead log into the file and truncates it to nothing, once no read or write
   * of this connection is open: the log's older page images (data since overwritten) are gone.
   * Deleted data in the file itself was zeroed when it was deleted (`secure_delete` is on). A reader
   * in another process that holds an old snapshot keeps the log from being truncated: reported.
   * `rebuild` first rewrites the file (VACUUM), for space deleted before secure_delete was on.
   */
  scrub(options: ScrubOptions = {}): Promise<ScrubReport> {
    if (this.options.database === ':memory:') return Promise.resolve({ steps: [], remains: [] });
    const result = this.writing.then(async () => {
      await this.writer?.settled();
      return this.alone(async () => {
        if (options.rebuild) await this.query('VACUUM');
        const [row] = await this.query<{ busy: number }>('PRAGMA wal_checkpoint(TRUNCATE)');
        const remains = row.busy ? ['the write-ahead log: another connection kept it from being checkpointed and truncated; run scrub again'] : [];
        return { steps: [...(options.rebuild ? ['VACUUM'] : []), 'PRAGMA wal_checkpoint(TRUNCATE)'], remains };
      });
    });
    this.writing = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  /**
   * Copies the file, as one committed snapshot, to a new file at `destination`: VACUUM INTO a
   * temporary file beside it, on this connection (compacted, and encrypted with the same key and
   * cipher where the file is), switched to the write-ahead log and synced; then `check` (given the
   * copy's options) and, once it passes, the copy is placed (placeBuiltFile): 'placed', or why it
   * was not, with nothing left behind. The copy runs in this thread, between this connection's
   * writes; other processes and the write thread go on committing.
   */
  async backupTo(destination: string, check: (copy: SqliteStorageOptions) => Promise<void>): Promise<'placed' | string> {
    const temp = buildingNameFor(destination, 'backup');
    removeBuilding(temp); // what a killed process of the same id left
    mkdirSync(dirname(destination), { recursive: true });
    try {
      const copied = this.writing.then(() => this.alone(() => this.query('VACUUM INTO ?', [temp])));
      this.writing = copied.then(
        () => undefined,
        () => undefined,
      );
      await copied;
      const copy: SqliteStorageOptions = { ...this.options, database: temp, writerThread: false };
      connect(driverOf(copy), copy, this.passphrase, 'wal').close();
      syncFile(temp);
      await check(copy);
      const placed = placeBuiltFile(temp, destination);
      if (placed !== 'placed') removeBuilding(temp);
      return placed;
    } catch (error) {
      removeBuilding(temp);
      throw error;
    }
  }

  /**
   * Polls the file while watched: its data version (which moves when any other connection, in this
   * process or another, commits) and, when it moved, the tip. An in-memory database has no other
   * connection, so nothing is ever reported for it.
   */
  watchTip(listener: (tipSequenceNo: number) => void): () => void {
    if (this.options.database === ':memory:') return () => undefined;
    return this.tipWatch.add(listener);
  }

  /** Whether the tip is being polled (something watches it). */
  get watchingTip(): boolean {
    return this.tipWatch.active;
  }

  async close(): Promise<void> {
    this.tipWatch.close();
    await this.writing;
    await this.writer?.close();
    if (this.connection.open) this.connection.close();
  }

  private pollTip(): number | undefined {
    this.watcher ??= this.watchingConnection();
    const version = this.watcher.pragma('data_version', { simple: true }) as number;
    if (version === this.dataVersion) return undefined;
    this.dataVersion = version;
    const row = this.watcher.prepare('SELECT MAX(sequence_no) AS tip FROM journal_block').get() as { tip: number | bigint | null };
    return row.tip === null ? undefined : Number(row.tip);
  }

  /** A read-only connection of its own to the file (unlocked with the file's key when encrypted). */
  private watchingConnection(): InstanceType<BetterSqlite3Driver> {
    const connection = new (driverOf(this.options))(this.options.database, { readonly: true, fileMustExist: true, timeout: this.options.busyTimeoutMs ?? 30_000 });
    if (this.passphrase) unlock(connection as unknown as CipherConnection, this.options, this.passphrase);
    return connection;
  }

  private stopWatching(): void {
    this.watcher?.close();
    this.watcher = undefined;
    this.dataVersion = undefined;
  }

  /** Runs SQL on the connection, through a cache of prepared statements. */
  private readonly query: SqlQuery = async <Row>(sql: string, parameters: readonly unknown[] = []) => {
    try {
      const statement = this.statements.of(sql);
      if (statement.reader) return statement.all(...parameters) as Row[];
      statement.run(...parameters);
      return [];
    } catch (error) {
      throw damageAsStorageError(error, describeStorage(this.options));
    }
  };

  private inWriteTransaction<T>(work: (query: SqlQuery) => Promise<T>, end: ((value: T) => WriteEnd) | undefined, options: WriteOptions): Promise<T> {
    return this.alone(async () => {
      await this.query('BEGIN IMMEDIATE');
      try {
        this.marks = await this.marksFound();
        if (options.expectedTip) await this.checkTip(options.expectedTip);
        const result = await work(this.query);
        for (const statement of end?.(result).statements ?? []) await this.query(statement.sql, statement.parameters);
        await this.query('COMMIT');
        this.writesCommitted++;
        return result;
      } catch (error) {
        await this.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        this.marks = undefined;
      }
    });
  }

  /** Throws TipMovedError unless the journal's tip is `tip`. */
  private async checkTip(tip: JournalTip, query: SqlQuery = this.query): Promise<void> {
    const check = tipCheckStatement(tip);
    const [row] = await query<{ tipHolds: number | null }>(check.sql, check.parameters);
    if (row?.tipHolds !== 1) throw new TipMovedError(tip.sequenceNo);
  }

  /** A write transaction on the write thread, each statement a round trip; reads on this connection are not held up. */
  private async onWriteThread<T>(writer: SqliteWriteThread, work: (query: SqlQuery) => Promise<T>, end: ((value: T) => WriteEnd) | undefined, options: WriteOptions): Promise<T> {
    const { query } = writer.transaction();
    const location = describeStorage(this.options);
    const run: SqlQuery = async <Row>(sql: string, parameters?: readonly unknown[]) => {
      try {
        return await query<Row>(sql, parameters);
      } catch (error) {
        throw damageAsStorageError(error, location);
      }
    };
    await run('BEGIN IMMEDIATE');
    try {
      if (options.expectedTip) await this.checkTip(options.expectedTip, run);
      const result = await work(run);
      for (const statement of end?.(result).statements ?? []) await run(statement.sql, statement.parameters);
      await run('COMMIT');
      this.landed();
      return result;
    } catch (error) {
      await run('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  /**
   * Queues a batch on the write thread, behind every write sent before it, and returns at once the
   * promise of its commit: it commits only if the journal's tip is still `expectedTip` (else
   * TipMovedError, and nothing is written), so a batch chained on one that failed never commits.
   */
  private pipelined(writer: SqliteWriteThread, expectedTip: JournalTip, statements: readonly SqlStatement[]): Promise<void> {
    const location = describeStorage(this.options);
    const sent = this.writing.then(() => ({ committed: writer.batch(expectedTip, tipCheckStatement(expectedTip), statements) }));
    this.writing = sent.then(() => undefined);
    return sent
      .then(({ committed }) => committed)
      .then(
        () => this.landed(),
        (error: unknown) => Promise.reject(damageAsStorageError(error, location)),
      );
  }

  /** A commit of the write thread landed: reads begun before it no longer take new readers (they would not see it). */
  private landed(): void {
    this.writesCommitted++;
    this.commitsLanded++;
  }

  /** The marks of the write transaction just begun (writeMarks). */
  private async marksFound(): Promise<WriteMarks> {
    const [{ data_version: version }] = await this.query<{ data_version: number }>('PRAGMA data_version');
    return { found: `${version}:${this.writesCommitted}`, left: `${version}:${this.writesCommitted + 1}` };
  }

  /** Runs `work` once no read is open on the connection, keeping new reads out until it is done. */
  private async alone<T>(work: () => Promise<T>): Promise<T> {
    this.writersWaiting++;
    while (this.activeReads > 0) await this.nextTurn();
    this.writersWaiting--;
    this.writeOpen = true;
    try {
      return await work();
    } finally {
      this.writeOpen = false;
      this.wakeAll();
    }
  }

  private nextTurn(): Promise<void> {
    return new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private wakeAll(): void {
    for (const wake of this.waiting.splice(0)) wake();
  }
}

/** The encryption passphrase, from the options or their provider, as bytes; undefined for a plain file. */
async function passphraseOf(options: SqliteStorageOptions): Promise<Buffer | undefined> {
  const encryption = options.encryption;
  if (!encryption) return undefined;
  const key = encryption.key ?? (await encryption.keyProvider?.());
  if (!((typeof key === 'string' || key instanceof Uint8Array) && key.length > 0)) {
    throw new StorageError(`the encryption keyProvider of ${describeStorage(options)} returned no key (a non-empty string or Uint8Array)`, typeof key);
  }
  return Buffer.from(key);
}

/** Whether the ledger's file does not exist (an in-memory database always starts empty, and is never missing). */
function isMissingFile(options: SqliteStorageOptions): boolean {
  return options.database !== ':memory:' && !existsSync(options.database);
}

/** The size of an SQLite file's header, which holds its page size and (when valid) its page count. */
const SQLITE_HEADER_BYTES = 100;

/**
 * An existing ledger file that is empty or shorter than its header says was cut off (a failed copy,
 * a full disk): SQLite would take an empty file for a new database and silently create a new
 * ledger in it. A missing file is a new ledger. Only a file no connection has open is judged: while
 * its write-ahead log exists, another process may be checkpointing into it, and its size then lags
 * its header until the copy ends (SQLite and verify() judge that file instead).
 */
function refuseDamagedFile(options: SqliteStorageOptions): void {
  const path = options.database;
  if (path === ':memory:' || !existsSync(path) || existsSync(`${path}-wal`)) return;
  const size = statSync(path).size;
  const problem = size === 0 ? 'the file is empty (0 bytes)' : truncation(path, size);
  if (problem) throw new NotALedgerError(describeStorage(options), problem);
}

/** Why an SQLite file of `size` bytes is cut off, or undefined when its header is not SQLite's (reported on open) or agrees with its size. */
function truncation(path: string, size: number): string | undefined {
  const header = Buffer.alloc(SQLITE_HEADER_BYTES);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, header, 0, SQLITE_HEADER_BYTES, 0);
  } finally {
    closeSync(fd);
  }
  if (header.toString('latin1', 0, 16) !== 'SQLite format 3\0') return undefined;
  if (size < SQLITE_HEADER_BYTES) return `the file is truncated (${size} bytes; an SQLite header alone is ${SQLITE_HEADER_BYTES})`;
  const pageSize = header.readUInt16BE(16) === 1 ? 65536 : header.readUInt16BE(16);
  if (pageSize < 512 || (pageSize & (pageSize - 1)) !== 0) return undefined;
  const headerPagesValid = header.readUInt32BE(24) === header.readUInt32BE(92);
  const pages = headerPagesValid ? header.readUInt32BE(28) : 0;
  if (size % pageSize !== 0 || size < pages * pageSize) {
    return `the file is truncated (${size} bytes; its header says ${pages} pages of ${pageSize} bytes)`;
  }
  return undefined;
}

/** The ledger's tables and indexes as SQLite records them (name → type, table and SQL text). */
type SchemaObjects = Map<string, string>;

/** The ledger's tables and indexes as the migrations create them: read once from an in-memory database. */
let expectedSchema: Promise<SchemaObjects> | undefined;

/**
 * Tables and indexes, the indexes SQLite makes for PRIMARY KEY and UNIQUE constraints included (an
 * altered table name detaches one, and the constraint is no longer enforced), and the migrations
 * that made them. Not the append-only triggers: an attacker may drop them, which verify() sees through.
 */
function schemaObjects(connection: SqliteConnection): SchemaObjects {
  const rows = connection
    .prepare("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE type IN ('table', 'index') AND (name NOT LIKE 'sqlite%' OR name LIKE 'sqlite_autoindex_%')")
    .all() as Array<{ type: string; name: string; tbl_name: string; sql: string | null }>;
  const migrations = connection.prepare('SELECT timestamp, name FROM ledger_migrations ORDER BY timestamp, name').all() as Array<{ timestamp: number; name: string }>;
  const objects: SchemaObjects = new Map(rows.map((row) => [row.name, JSON.stringify([row.type, row.tbl_name, row.sql])]));
  return objects.set('rows of ledger_migrations', JSON.stringify(['list of migrations', 'ledger_migrations', migrations.map((m) => `${m.timestamp} ${m.name}`)]));
}

function migratedInMemory(): Promise<SchemaObjects> {
  expectedSchema ??= (async () => {
    const connection = connect(loadBetterSqlite3(), { type: 'sqlite', database: ':memory:' }, undefined, 'wal');
    try {
      await settleSqliteMigrations(connection, 'run', 'the expected schema');
      return schemaObjects(connection);
    } finally {
      connection.close();
    }
  })();
  return expectedSchema;
}

/**
 * A ledger file whose tables or indexes differ from those the migrations create (a column renamed
 * or retyped, a constraint dropped: what every statement of the engine relies on) was altered
 * outside the ledger: never used. Tables an application added beside them are its own.
 */
async function refuseAlteredSchema(connection: SqliteConnection, options: SqliteStorageOptions): Promise<void> {
  const stored = schemaObjects(connection);
  for (const [name, entry] of await migratedInMemory()) {
    if (stored.get(name) !== entry) throw new NotALedgerError(describeStorage(options), `its ${JSON.parse(entry)[0]} (${name}) differs from the ledger's schema`);
  }
}

/** A database that already holds tables but no ledger schema belongs to something else: never touch it. */
function refuseForeignDatabase(connection: SqliteConnection, options: SqliteStorageOptions): void {
  const tables = connection.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as Array<{ name: string }>;
  if (tables.length && !tables.some((t) => t.name === 'ledger_migrations')) {
    throw new NotALedgerError(describeStorage(options), `it holds other tables (${tables.map((t) => t.name).slice(0, 5).join(', ')})`);
  }
}
