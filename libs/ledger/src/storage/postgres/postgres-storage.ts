// The ledger's connection to a PostgreSQL database through TypeORM (pg): the schema created and
// migrated on open, reads on pooled connections (each in one snapshot), and one write transaction
// at a time that first takes the ledger's transaction-scoped advisory lock. Every writer, in every
// process, appends under that lock and releases it only by committing, so sequence numbers are
// taken in commit order: the chain never forks and a reader never sees a later block before an
// earlier one. Each write transaction that appends blocks notifies the ledger's channel of its new
// tip before COMMIT; while the tip is watched, a connection of its own LISTENs on it
// (postgres-tip-listener.ts), and the tip is read from the journal on each notification (any role
// may notify; the payload is never believed) and at each poll while that connection is lost. TLS, when
// asked for, covers every connection (the pool's and those of its own).
import { inspect } from 'node:util';
import 'reflect-metadata';
import type { Client, ClientConfig, Pool } from 'pg';
import { DataSource, type QueryRunner } from 'typeorm';
import { SILENT_LOGGER, type LedgerLogger } from '../../telemetry';
import { loadPg } from '../database-driver';
import { LEDGER_MIGRATIONS } from '../migrations/ledger-migrations';
import { logMigrationsRan, type MigrationMode, type MigrationStatus } from '../migrations/migration-status';
import { settleMigrations } from '../migrations/schema-migrations';
import { MigrationsPendingError } from '../migrations-pending.error';
import { NotALedgerError } from '../not-a-ledger.error';
import { adoptConnection, PostgresConnection } from './postgres-connection';
import type { ReadOptions, ScrubOptions, ScrubReport, SqlQuery, SqlStatement, SqlStorage, WriteEnd, WriteOptions } from '../sql-storage';
import { tipCheckStatement } from '../ledger-repository';
import { TipMovedError } from '../tip-moved.error';
import { describeStorage, type PostgresStorageOptions } from '../storage-options';
import { StorageError } from '../storage.error';
import { ledgerLockKey, lockArguments, lockTimeoutOr, type AdvisoryLockKey } from './postgres-ledger-lock';
import { AdvisoryProjectionLease } from './postgres-projection-lease';
import { connectRetryPolicy, connectWithRetries } from './postgres-connect-retry';
import { sessionClientClass, sessionSetStatement } from './postgres-session';
import { SessionProbe } from './postgres-session-check';
import { PostgresTipListener, tipChannelOf } from './postgres-tip-listener';
import { TipWatch } from '../tip-watch';

/** Default of lockTimeoutMs. */
const LOCK_TIMEOUT_MS = 30_000;

/** How long a connection may take to open, in ms. */
const CONNECT_TIMEOUT_MS = 30_000;

/** Default interval of the tip poll while watched, in ms. */
const TIP_POLL_INTERVAL_MS = 25;

/** The SQLSTATE of a division by zero: the tip check's refusal (tipCheckStatement). */
const DIVISION_BY_ZERO = '22012';

const UNKNOWN_OUTCOME = "COMMIT failed, so the commit's outcome is unknown (the ledger reloads its tip before its next commit)";

export class PostgresStorage implements SqlStorage {
  private writing: Promise<void> = Promise.resolve();
  private readonly tipWatch: TipWatch;
  private readonly tipListener: PostgresTipListener;
  private lease: AdvisoryProjectionLease | undefined;
  private readonly lockStatement: string;

  private constructor(
    private readonly dataSource: DataSource,
    private readonly lock: AdvisoryLockKey,
    readonly options: PostgresStorageOptions,
  ) {
    this.lockStatement = `SELECT pg_advisory_xact_lock(${lockArguments(lock)})`;
    const channel = tipChannelOf(options.schema ?? 'public');
    this.tipListener = new PostgresTipListener(() => ownClient(dataSource, 'nestjs-ledger-listen'), channel, () => this.pollTip(), () => this.tipWatch.pollNow());
    this.tipWatch = new TipWatch(
      options.tipPollIntervalMs ?? TIP_POLL_INTERVAL_MS,
      () => this.tipListener.poll(),
      () => void this.tipListener.stop(),
    );
  }

  /**
   * Connects, creates the schema when absent and brings it to the current version (`run`), or
   * refuses it when it is not current (`check`: nothing is created or written).
   */
  static async open(options: PostgresStorageOptions, mode: 'run' | 'check' = 'run', logger: LedgerLogger = SILENT_LOGGER): Promise<PostgresStorage> {
    const schema = options.schema ?? 'public';
    const dataSource = new DataSource(postgresDataSourceOptions(options, schema));
    logMigrationsRan(logger, describeStorage(options), await connectAndMigrate(dataSource, options, mode, logger));
    return new PostgresStorage(dataSource, ledgerLockKey(schema), options);
  }

  /** Runs the pending migrations (`run`) or only reports them (`status`: an absent schema is not created), then closes. */
  static async migrations(options: PostgresStorageOptions, mode: 'run' | 'status'): Promise<MigrationStatus> {
    const dataSource = new DataSource(postgresDataSourceOptions(options, options.schema ?? 'public'));
    try {
      return await connectAndMigrate(dataSource, options, mode);
    } finally {
      if (dataSource.isInitialized) await dataSource.destroy();
    }
  }

  /**
   * Runs `work` in a read-only snapshot on a pooled connection: it sees committed data only, all
   * of one moment. A single-statement read runs its statement alone, which is a snapshot by itself.
   */
  read<T>(work: (query: SqlQuery) => Promise<T>, options: ReadOptions = {}): Promise<T> {
    return this.onConnection((connection) =>
      options.singleStatement
        ? work(connection.singleStatement())
        : connection.transaction(['BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY'], work, 'COMMIT of a read failed'),
    );
  }

  /**
   * Runs `work` in one transaction that first waits for the ledger's advisory lock (held by at most
   * one writer across all processes, released when the transaction ends): all of it commits, or
   * none of it does. The lock goes out with work's first statement, the last statements with the
   * new tip's notification (when the write appended blocks) and COMMIT, so the lock is held for two
   * round trips and work's own; when work makes no query (its blocks built on the tip the options
   * expect, checked right after the lock), the whole write is one round trip. A wait for the lock
   * longer than lockTimeoutMs fails with LedgerLockTimeoutError.
   */
  write<T>(work: (query: SqlQuery) => Promise<T>, end?: (value: T) => WriteEnd, options: WriteOptions = {}): Promise<T> {
    const lastStatements = (value: T): SqlStatement[] => {
      const { statements = [], tipSequenceNo } = end?.(value) ?? {};
      return tipSequenceNo === undefined ? [...statements] : [...statements, this.tipListener.notifyStatement(tipSequenceNo)];
    };
    const expectedTip = options.expectedTip;
    const check = expectedTip && { statement: tipCheckStatement(expectedTip), refusal: DIVISION_BY_ZERO, refused: () => new TipMovedError(expectedTip.sequenceNo) };
    const result = this.writing.then(() =>
      this.onConnection((connection) => connection.transaction(['BEGIN', this.lockStatement], work, UNKNOWN_OUTCOME, lastStatements, check)).catch((error: unknown) => {
        throw this.lockWaitFailed(error) ? lockTimeoutOr(error, this.lock, this.schema, this.lockTimeoutMs) : error;
      }),
    );
    this.writing = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  /**
   * VACUUMs the tables that held what a redaction or a shredding removes (journal_revision,
   * journal_block, and the dead versions of ledger_document and ledger_index_entry rows that earlier updates left;
   * ledger_data_key) that this role owns (VACUUM skips a table its caller does not own): the dead
   * row versions left are pruned and their space reused; `rebuild` runs VACUUM FULL, which rewrites
   * them into new files. What VACUUM does not reach stays listed in `remains` (docs/governance.md).
   */
  async scrub(options: ScrubOptions = {}): Promise<ScrubReport> {
    const owned = await this.read(
      (query) => query<{ name: string; owner: boolean }>(`SELECT relname AS name, pg_has_role(relowner, 'USAGE') AS owner FROM pg_class WHERE oid IN ${SCRUBBED_TABLES}`),
      { singleStatement: true },
    );
    const steps = owned.filter((table) => table.owner).map((table) => `VACUUM${options.rebuild ? ' (FULL)' : ''} ${table.name}`);
    for (const step of steps) await this.onConnection((connection) => connection.singleStatement()(step));
    const notOwned = owned.filter((table) => !table.owner).map((table) => `dead row versions of ${table.name}, until a VACUUM by its owner (or autovacuum) prunes them`);
    return { steps, remains: [...notOwned, ...POSTGRES_REMAINS] };
  }

  /** Hears the tip through LISTEN while watched (polls it while the listening connection is lost). */
  watchTip(listener: (tipSequenceNo: number) => void): () => void {
    const remove = this.tipWatch.add(listener);
    if (this.tipWatch.active) this.tipListener.start();
    return remove;
  }

  /** Projection leases as session advisory locks on a connection of their own, opened when first used. */
  get projectionLease(): AdvisoryProjectionLease {
    this.lease ??= new AdvisoryProjectionLease(() => ownClient(this.dataSource, 'nestjs-ledger-lease'), this, this.options.schema ?? 'public');
    return this.lease;
  }

  /** What Node prints of the storage (console.log, loggers): where it is; never its options or connections, which hold secrets. */
  [inspect.custom](): string {
    return `PostgresStorage <${describeStorage(this.options)}>`;
  }

  /** Whether `error` is the failure of the write lock's statement (the connection names a failed statement by its first words). */
  private lockWaitFailed(error: unknown): boolean {
    return error instanceof StorageError && error.message.startsWith(`${this.lockStatement} … failed`);
  }

  private get schema(): string {
    return this.options.schema ?? 'public';
  }

  private get lockTimeoutMs(): number {
    return this.options.lockTimeoutMs ?? LOCK_TIMEOUT_MS;
  }

  /** Whether the tip is being watched. */
  get watchingTip(): boolean {
    return this.tipWatch.active;
  }

  async close(): Promise<void> {
    this.tipWatch.close();
    await this.tipListener.stop();
    await this.writing;
    await this.lease?.close();
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }

  private async pollTip(): Promise<number | undefined> {
    const [row] = await this.read((query) => query<{ tip: string | number | null }>('SELECT MAX(sequence_no) AS tip FROM journal_block'), { singleStatement: true });
    return row?.tip === null || row === undefined ? undefined : Number(row.tip);
  }

  private async onConnection<T>(work: (connection: PostgresConnection) => Promise<T>): Promise<T> {
    let connection: PostgresConnection;
    try {
      connection = new PostgresConnection(await poolOf(this.dataSource).connect());
    } catch (error) {
      throw new StorageError(`cannot connect to ${describeStorage(this.options)}: ${(error as Error).message}`, undefined, error);
    }
    try {
      return await work(connection);
    } finally {
      connection.release();
    }
  }
}

/** The tables whose rows a redaction or a shredding changes, as the condition of a pg_class query. */
const SCRUBBED_TABLES = "('journal_revision'::regclass, 'journal_block'::regclass, 'ledger_document'::regclass, 'ledger_index_entry'::regclass, 'ledger_data_key'::regclass)";

/** What no statement of the ledger's role removes from a PostgreSQL server. */
const POSTGRES_REMAINS = [
  'pruned row versions: VACUUM marks their space free without zeroing it, until new rows overwrite it (VACUUM FULL rewrites the table into new files)',
  'the write-ahead log: its segments hold the old row until they are recycled after checkpoints, and archived segments and base backups keep it for as long as they are kept',
  'replicas, logical replication and dumps taken before the redaction',
];

/** A new connection (not from the pool) with the pool's settings, for a session of its own (LISTEN, projection locks). */
function ownClient(dataSource: DataSource, applicationName: string): Client {
  const pool = poolOf(dataSource) as unknown as { Client: new (config: ClientConfig) => Client; options: ClientConfig };
  const client = new pool.Client({ ...pool.options, application_name: applicationName });
  adoptConnection(client);
  return client;
}

/**
 * A connection of open's SessionProbe: the storage's server, user, password and TLS, with no
 * session settings (it runs before any SET, so that a pooler found sharing sessions gets none).
 */
function probeClient(options: PostgresStorageOptions): Client {
  const pg = loadPg() as { Client: new () => Client };
  const ProbeClient = sessionClientClass(pg.Client, undefined, options.password);
  return new ProbeClient({
    connectionString: options.url,
    host: options.host,
    port: options.port,
    user: options.user,
    database: options.database,
    ssl: options.ssl,
    application_name: 'nestjs-ledger-open',
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
  });
}

/** The pg pool TypeORM's driver opened. */
function poolOf(dataSource: DataSource): Pool {
  return (dataSource.driver as unknown as { master: Pool }).master;
}

/**
 * The pool's connections, readied by a SET after connecting (postgres-session.ts): the schema on the
 * search path, the lock timeout, and the same time as the longest a connection may sit idle inside
 * a transaction, so that an instance that froze mid-commit (its connection still open) holds the
 * write lock no longer than others wait for it. Connections of its own (ownClient) are made by the
 * same Client class.
 */
function postgresDataSourceOptions(options: PostgresStorageOptions, schema: string) {
  const pg = loadPg() as { Client: new () => Client };
  const setStatement = sessionSetStatement({ schema, lockTimeoutMs: options.lockTimeoutMs ?? LOCK_TIMEOUT_MS, synchronousCommit: options.synchronousCommit });
  return {
    type: 'postgres' as const,
    driver: pg,
    url: options.url,
    host: options.host,
    port: options.port,
    username: options.user,
    password: options.password as string | (() => Promise<string>) | undefined,
    database: options.database,
    schema,
    applicationName: 'nestjs-ledger',
    connectTimeoutMS: CONNECT_TIMEOUT_MS,
    poolSize: options.poolSize ?? 10,
    migrations: LEDGER_MIGRATIONS,
    migrationsTableName: 'ledger_migrations',
    extra: { Client: sessionClientClass(pg.Client, setStatement, options.password), ...(options.ssl !== undefined ? { ssl: options.ssl } : {}) },
  };
}

/** Connects `dataSource` (retrying while the database is not up, as the options say) and settles its migrations; closes it when that fails. */
async function connectAndMigrate(dataSource: DataSource, options: PostgresStorageOptions, mode: MigrationMode, logger: LedgerLogger = SILENT_LOGGER): Promise<MigrationStatus> {
  const schema = options.schema ?? 'public';
  const location = describeStorage(options);
  let probe: SessionProbe | undefined;
  try {
    await connectWithRetries(async () => void (probe = await SessionProbe.connect(() => probeClient(options))), connectRetryPolicy(options), location, logger);
    await (probe as SessionProbe).checkOwnSessions(location);
    await dataSource.initialize();
    poolOf(dataSource).on('connect', adoptConnection);
    return await migrate(dataSource, schema, ledgerLockKey(schema), location, options.lockTimeoutMs ?? LOCK_TIMEOUT_MS, mode, probe as SessionProbe);
  } catch (error) {
    if (dataSource.isInitialized) await dataSource.destroy();
    if (error instanceof NotALedgerError || error instanceof StorageError || error instanceof MigrationsPendingError) throw error;
    throw new StorageError(`cannot open ${location}: ${(error as Error).message}`, location, error);
  } finally {
    await probe?.close();
  }
}

/**
 * Creates the schema when absent and runs the pending migrations (`run`; `check` and `status`
 * create nothing and only read which ones are pending), holding the ledger's advisory
 * lock (as a session lock) so that processes opening the same ledger at once migrate it once, and
 * writers wait until its schema is current. Once it holds the lock, the probe checks that the lock
 * keeps it out (postgres-session-check.ts).
 */
async function migrate(
  dataSource: DataSource,
  schema: string,
  lock: AdvisoryLockKey,
  location: string,
  lockTimeoutMs: number,
  mode: MigrationMode,
  probe: SessionProbe,
): Promise<MigrationStatus> {
  const queryRunner = dataSource.createQueryRunner('master');
  try {
    await queryRunner.query(`SELECT pg_advisory_lock(${lockArguments(lock)})`).catch((error: unknown) => {
      throw lockTimeoutOr(error, lock, schema, lockTimeoutMs);
    });
    try {
      await probe.checkLockExcludes(lock, location);
      if (mode === 'run') await createSchema(queryRunner, schema);
      await refuseForeignSchema(queryRunner, schema, location);
      return await settleMigrations(dataSource, mode, location, queryRunner);
    } catch (error) {
      throw insufficientPrivilege(error) ? notMigratable(location, error) : error;
    } finally {
      await queryRunner.query(`SELECT pg_advisory_unlock(${lockArguments(lock)})`);
    }
  } finally {
    await queryRunner.release();
  }
}

/** Whether the server refused a statement for want of a privilege (SQLSTATE 42501: permission denied, must be owner). */
function insufficientPrivilege(error: unknown): boolean {
  return (error as { code?: unknown }).code === '42501';
}

/** The schema is not current (or absent) and the role that opens it may not create or migrate it. */
function notMigratable(location: string, error: unknown): StorageError {
  return new StorageError(
    `cannot open ${location}: its schema is absent or not current, and this role may not create or migrate it (${(error as Error).message}); ` +
      'open the ledger once as the role that owns the schema, which runs the migrations (docs/postgresql-security.md)',
    location,
    error,
  );
}

/** CREATE SCHEMA only when it is absent, since it needs a privilege a ledger's user may lack. */
async function createSchema(queryRunner: QueryRunner, schema: string): Promise<void> {
  const existing: unknown[] = await queryRunner.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
  if (existing.length === 0) await queryRunner.query(`CREATE SCHEMA ${schema}`);
}

/** A schema that already holds tables but no ledger belongs to something else: never touch it. */
async function refuseForeignSchema(queryRunner: QueryRunner, schema: string, location: string): Promise<void> {
  const tables: Array<{ name: string }> = await queryRunner.query('SELECT tablename AS name FROM pg_tables WHERE schemaname = $1 ORDER BY tablename', [
    schema,
  ]);
  if (tables.length && !tables.some((t) => t.name === 'ledger_migrations')) {
    throw new NotALedgerError(location, `its schema holds other tables (${tables.map((t) => t.name).slice(0, 5).join(', ')}); give the ledger its own schema`);
  }
}
