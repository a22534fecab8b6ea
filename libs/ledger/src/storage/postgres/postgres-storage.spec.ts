// What only PostgreSQL has: connection options, schemas, column types, ledgers opened by several
// instances at once, snapshot reads beside a writer, and a read-only auditor role. (The engine's
// own suite runs on PostgreSQL too: see the jest `postgres` project.)
import { Client } from 'pg';
import { InvalidArgumentError } from '../../errors';
import { Ledger } from '../../engine/ledger';
import { removeTempLedgers, storageAt, tempLedgerPath } from '../../engine/test-ledger.fixture';
import { LEDGER_MIGRATIONS } from '../migrations/ledger-migrations';
import { PostgresStorage } from './postgres-storage';
import type { SqlQuery } from '../sql-storage';
import type { PostgresStorageOptions } from '../storage-options';
import { StorageError } from '../storage.error';
import { asRole } from '../../../../../test/support/postgres-roles';

afterAll(removeTempLedgers);

const serverUrl = () => new URL(process.env.LEDGER_TEST_POSTGRES_URL as string);

/** Runs `work` on a connection of the test server's superuser. */
const admin = <T>(work: (client: Client) => Promise<T>): Promise<T> => asRole(undefined, work);

function openAt(storage: PostgresStorageOptions): Promise<Ledger> {
  return Ledger.open({ name: 'test', storage });
}

describe('PostgreSQL storage', () => {
  it('opens a ledger by URL or by its parts, and fails with StorageError when the server is unreachable', async () => {
    const schema = tempLedgerPath();
    const byUrl = await openAt(storageAt(schema) as PostgresStorageOptions);
    await byUrl.close();
    const url = serverUrl();
    const byParts = await openAt({ type: 'postgres', host: url.hostname, port: Number(url.port), user: url.username, database: url.pathname.slice(1), schema });
    expect(byParts.strandId).toBe(byUrl.strandId);
    await byParts.close();
    const unreachable = openAt({ type: 'postgres', host: '127.0.0.1', port: 1, user: 'nobody', database: 'none', schema });
    await expect(unreachable).rejects.toThrow(StorageError);
    await expect(unreachable).rejects.toThrow(/cannot open the postgres ledger at 127\.0\.0\.1:1\/none \(schema /);
  });

  it('refuses a schema name that is not a plain lowercase identifier', async () => {
    await expect(openAt({ type: 'postgres', schema: 'Ledger"; DROP TABLE x; --' })).rejects.toThrow(InvalidArgumentError);
  });

  it('refuses a password that is neither a string nor a function, and retry options that are not whole numbers ≥ 0', async () => {
    const bad = [{ password: 42 }, { connectRetries: -1 }, { connectRetries: 1.5 }, { connectRetryDelayMs: Number.NaN }];
    for (const option of bad) {
      await expect(openAt({ type: 'postgres', schema: tempLedgerPath(), ...(option as object) })).rejects.toThrow(InvalidArgumentError);
    }
  });

  it('readies each connection with SET after connecting: schema, lock timeouts and synchronous_commit, none in the startup options', async () => {
    const schema = tempLedgerPath();
    const ledger = await openAt({ ...(storageAt(schema) as PostgresStorageOptions), lockTimeoutMs: 4321, synchronousCommit: 'off' });
    try {
      const [settings] = await ledger.readDatabase((query) =>
        query<Record<string, string>>(
          "SELECT current_setting('search_path') AS search_path, current_setting('lock_timeout') AS lock_timeout, " +
            "current_setting('idle_in_transaction_session_timeout') AS idle, current_setting('synchronous_commit') AS sync",
        ),
      );
      expect(settings).toEqual({ search_path: schema, lock_timeout: '4321ms', idle: '4321ms', sync: 'off' });
      // pg_settings says where each value came from: 'session' for SET, 'client' for startup options.
      const sources = await ledger.readDatabase((query) =>
        query<{ source: string }>(
          "SELECT DISTINCT source FROM pg_settings WHERE name IN ('search_path', 'lock_timeout', 'idle_in_transaction_session_timeout', 'synchronous_commit')",
        ),
      );
      expect(sources).toEqual([{ source: 'session' }]);
    } finally {
      await ledger.close();
    }
  });

  it('keeps the journal in BIGINT and BYTEA columns, with ids compared byte by byte', async () => {
    const schema = tempLedgerPath();
    await (await openAt(storageAt(schema) as PostgresStorageOptions)).close();
    const columns = await admin(async (client) =>
      (
        await client.query(
          `SELECT table_name || '.' || column_name AS name, data_type AS type, collation_name AS collation FROM information_schema.columns
            WHERE table_schema = $1 AND column_name IN ('sequence_no', 'header', 'document_id') ORDER BY 1`,
          [schema],
        )
      ).rows,
    );
    expect(columns).toEqual([
      { name: 'journal_block.header', type: 'bytea', collation: null },
      { name: 'journal_block.sequence_no', type: 'bigint', collation: null },
      { name: 'journal_revision.document_id', type: 'text', collation: 'C' },
      { name: 'journal_revision.sequence_no', type: 'bigint', collation: null },
      { name: 'ledger_data_key.sequence_no', type: 'bigint', collation: null },
      { name: 'ledger_document.document_id', type: 'text', collation: 'C' },
      { name: 'ledger_document.sequence_no', type: 'bigint', collation: null },
      { name: 'ledger_index_entry.document_id', type: 'text', collation: 'C' },
    ]);
  });

  it('migrates a new schema once and writes one genesis block when several instances open it at once', async () => {
    const storage = storageAt(tempLedgerPath()) as PostgresStorageOptions;
    const ledgers = await Promise.all([1, 2, 3, 4].map(() => openAt(storage)));
    expect(new Set(ledgers.map((l) => l.strandId)).size).toBe(1);
    expect((await ledgers[0].getDigest()).digestTipAddress.sequenceNo).toBe(0);
    await Promise.all(ledgers.map((l) => l.close()));
    const migrations = await admin(async (client) => (await client.query(`SELECT name FROM ${storage.schema}.ledger_migrations ORDER BY id`)).rows);
    expect(migrations.map((m) => m.name)).toEqual(LEDGER_MIGRATIONS.map((m) => m.name));
  });

  it('verifies one consistent snapshot while another instance keeps committing', async () => {
    const storage = storageAt(tempLedgerPath()) as PostgresStorageOptions;
    const writer = await openAt(storage);
    await writer.execute((tx) => {
      tx.createTable('Item');
      tx.createIndex('Item', 'n');
    });
    let writing = true;
    const writes = (async () => {
      for (let n = 0; writing; n++) await Promise.all([0, 1, 2, 3].map((i) => writer.execute((tx) => tx.insert('Item', { n: n * 4 + i }))));
    })();
    const auditor = await openAt(storage);
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await auditor.verify());
    writing = false;
    await writes;
    expect(results.map((r) => r.problems)).toEqual([[], [], [], [], []]);
    expect(results[4].blocksVerified).toBeGreaterThan(results[0].blocksVerified);
    await Promise.all([writer.close(), auditor.close()]);
  });

  it('lets a read-only auditor role open, prove and verify the ledger, and refuses its writes', async () => {
    const storage = storageAt(tempLedgerPath()) as PostgresStorageOptions;
    const owner = await openAt(storage);
    await owner.execute((tx) => tx.createTable('Item'));
    await owner.execute((tx) => tx.insert('Item', { n: 1 }));
    const role = `auditor_${storage.schema}`;
    await admin(async (client) => {
      for (const statement of [
        `CREATE ROLE ${role} LOGIN`,
        `GRANT USAGE ON SCHEMA ${storage.schema} TO ${role}`,
        `GRANT SELECT ON ALL TABLES IN SCHEMA ${storage.schema} TO ${role}`,
        `ALTER ROLE ${role} SET default_transaction_read_only = on`,
      ]) {
        await client.query(statement);
      }
    });
    try {
      const url = serverUrl();
      url.username = role;
      const audit = await openAt({ ...storage, url: url.href });
      expect(await audit.getDigest()).toEqual(await owner.getDigest());
      expect(await audit.verify()).toMatchObject({ valid: true, blocksVerified: 3 });
      await expect(audit.execute((tx) => tx.insert('Item', { n: 2 }))).rejects.toThrow(StorageError);
      await audit.close();
    } finally {
      await owner.close();
      await admin(async (client) => {
        await client.query(`DROP OWNED BY ${role}`);
        await client.query(`DROP ROLE ${role}`);
      });
    }
  });

  it("stores each current document's data as the bytes of its revision, sent once per batch, whether inserted, updated or deleted in it", async () => {
    const ledger = await openAt(storageAt(tempLedgerPath()) as PostgresStorageOptions);
    try {
      await ledger.execute((tx) => tx.createTable('Item'));
      const [kept, changed, removed] = await Promise.all([{ n: 1 }, { n: 2 }, { n: 3 }].map((item) => ledger.execute((tx) => tx.insert('Item', item))));
      await Promise.all([
        ledger.execute((tx) => tx.update('Item', changed, { n: 20, note: 'changed' })),
        ledger.execute((tx) => tx.delete('Item', removed)),
        ledger.execute((tx) => tx.insert('Item', { n: 4 })),
        ledger.execute(async (tx) => tx.update('Item', await tx.insert('Item', { n: 5 }), { n: 50 })),
      ]);
      const rows = await ledger.readDatabase((query) =>
        query<{ id: string; current: Buffer | null; revision: Buffer | null }>(
          `SELECT d.document_id AS id, d.data AS current, r.data AS revision
             FROM ledger_document d JOIN journal_revision r ON r.document_id = d.document_id AND r.version = d.version
            WHERE d.table_id <> 'UserTables000000000000' ORDER BY d.document_id`,
        ),
      );
      expect(rows).toHaveLength(5);
      for (const row of rows) expect(row.current).toEqual(row.revision);
      expect(rows.find((row) => row.id === removed)?.current).toBeNull();
      expect(rows.filter((row) => row.current !== null)).toHaveLength(4);
      expect((await ledger.execute((tx) => tx.get('Item', changed)))?.data).toEqual({ n: 20, note: 'changed' });
      expect((await ledger.execute((tx) => tx.get('Item', kept)))?.data).toEqual({ n: 1 });
    } finally {
      await ledger.close();
    }
  });

  it('runs a single-statement read alone, outside a transaction, and refuses a second statement in it', async () => {
    const storage = await PostgresStorage.open(storageAt(tempLedgerPath()) as PostgresStorageOptions);
    const isolation = (query: SqlQuery) => query<{ level: string }>("SELECT current_setting('transaction_isolation') AS level");
    try {
      expect(await storage.read(isolation)).toEqual([{ level: 'repeatable read' }]);
      expect(await storage.read(isolation, { singleStatement: true })).toEqual([{ level: 'read committed' }]);
      const twice = storage.read(async (query) => [await isolation(query), await isolation(query)], { singleStatement: true });
      await expect(twice).rejects.toThrow(StorageError);
      await expect(twice).rejects.toThrow('a single-statement read made a second query (SELECT current_setting(\'transaction_isolation\') AS …)');
    } finally {
      await storage.close();
    }
  });
});
