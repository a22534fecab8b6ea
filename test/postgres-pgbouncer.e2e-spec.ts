// A PostgreSQL ledger through PgBouncer (Debian's, started in front of the throw-away server by
// test/support/pgbouncer.js; clients log in with SCRAM): in session mode, with its password given
// by an async function as an IAM token would be, it commits, streams another instance's commits
// (with the tip poll slowed to ten minutes, so they arrive through LISTEN/NOTIFY) and verifies; in
// transaction mode it is refused at open with SessionPoolingRequiredError, before setting or locking
// anything on the pooler's shared server sessions. And the check that
// refuses engines whose advisory locks do not lock (CockroachDB's are no-ops), run against the
// real server with the lock held and not held.
import { Client } from 'pg';
import { DatabaseUnreachableError, Ledger, SessionPoolingRequiredError, StorageError, type PostgresStorageOptions } from 'nestjs-ledger';
import { removeTempLedgers, tempLedgerPath } from '../libs/ledger/src/engine/test-ledger.fixture';
import { RecordCollector } from '../libs/ledger/src/streams/stream-test.fixture';
import { checkLockExcludes } from '../libs/ledger/src/storage/postgres/postgres-session-check';
import { ledgerLockKey, lockArguments } from '../libs/ledger/src/storage/postgres/postgres-ledger-lock';
import { AdvisoryLocksIneffectiveError } from '../libs/ledger/src/storage/postgres/postgres-advisory-locks.error';
import { startPgBouncer, type PgBouncer } from './support/pgbouncer';

const TOKEN = 'token-4f1c9e';
const TEN_MINUTES = 600_000;

let pgbouncer: PgBouncer;
beforeAll(async () => {
  pgbouncer = await startPgBouncer({ serverUrl: process.env.LEDGER_TEST_POSTGRES_URL as string, password: TOKEN });
});
afterAll(async () => {
  await pgbouncer?.stop();
  await removeTempLedgers();
});

/** Storage options for a ledger behind PgBouncer in session mode, its password fetched per connection. */
function throughPgBouncer(url: string, schema: string, fetchToken: () => Promise<string>): PostgresStorageOptions {
  return { type: 'postgres', url, schema, password: fetchToken };
}

describe('A PostgreSQL ledger through PgBouncer', () => {
  it('in session mode commits, streams another instance’s commits and verifies, its password from an async function', async () => {
    const schema = tempLedgerPath();
    let tokensFetched = 0;
    const fetchToken = async (): Promise<string> => {
      tokensFetched += 1;
      return TOKEN;
    };
    const storage = { ...throughPgBouncer(pgbouncer.sessionUrl, schema, fetchToken), tipPollIntervalMs: TEN_MINUTES };
    const ledger = await Ledger.open({ name: 'test', storage });
    await ledger.execute((tx) => tx.createTable('Item'));
    const other = await Ledger.open({ name: 'test', storage });
    try {
      const collector = new RecordCollector(ledger.stream({ from: 'now' }));
      await other.query("INSERT INTO Item VALUE {'n': 1}");
      await collector.until((records) => records.some((record) => JSON.stringify(record).includes('"n":1')));
      collector.unsubscribe();
      expect((await ledger.query<{ n: number }>('SELECT n FROM Item')).map((row) => Number(row.n))).toEqual([1]);
      expect((await ledger.verify()).valid).toBe(true);
      expect(tokensFetched).toBeGreaterThanOrEqual(2);
    } finally {
      await other.close();
      await ledger.close();
    }
  });

  it('in transaction mode is refused at open, naming the reason', async () => {
    const opening = Ledger.open({ name: 'test', storage: throughPgBouncer(pgbouncer.transactionUrl, tempLedgerPath(), async () => TOKEN) });
    await expect(opening).rejects.toThrow(SessionPoolingRequiredError);
    await expect(opening).rejects.toThrow(/pooled per transaction or per statement.*pool_mode = session/);
    // Refused before any SET or lock: the pooler's shared server sessions keep their settings, and hold none of the ledger's locks.
    const url = new URL(pgbouncer.transactionUrl);
    url.password = TOKEN;
    const client = new Client(url.href);
    await client.connect();
    try {
      expect((await client.query('SHOW search_path')).rows).toEqual([{ search_path: '"$user", public' }]);
      expect((await client.query("SELECT count(*)::int AS held FROM pg_locks WHERE locktype = 'advisory' AND classid = $1", [ledgerLockKey('x').namespace])).rows).toEqual([{ held: 0 }]);
    } finally {
      await client.end();
    }
  });

  it('with a wrong token fails to open, without showing the token', async () => {
    const wrong = 'wrong-token-77d2';
    const opening = Ledger.open({ name: 'test', storage: throughPgBouncer(pgbouncer.sessionUrl, tempLedgerPath(), async () => wrong) });
    const error = (await opening.then(
      () => undefined,
      (e: unknown) => e,
    )) as StorageError;
    expect(error).toBeInstanceOf(StorageError);
    expect(error).not.toBeInstanceOf(DatabaseUnreachableError); // a final refusal, not a database to wait for
    expect(error.message).toMatch(/authentication failed/);
    expect(`${error.message} ${JSON.stringify(error)}`).not.toContain(wrong);
  });
});

describe('The advisory-lock check at open', () => {
  const lock = ledgerLockKey('advisory_lock_check');
  const location = 'the ledger under test';
  const connection = async (): Promise<Client> => {
    const client = new Client({ connectionString: process.env.LEDGER_TEST_POSTGRES_URL });
    await client.connect();
    return client;
  };

  it('passes while another session holds the lock, and refuses a database where another connection could take it', async () => {
    const [holder, other] = [await connection(), await connection()];
    const otherQuery = async (sql: string): Promise<Array<Record<string, unknown>>> => (await other.query(sql)).rows;
    try {
      await holder.query(`SELECT pg_advisory_lock(${lockArguments(lock)})`);
      await expect(checkLockExcludes(otherQuery, lock, location)).resolves.toBeUndefined();
      await holder.query(`SELECT pg_advisory_unlock(${lockArguments(lock)})`);
      // As on CockroachDB, whose advisory-lock functions succeed whoever holds the lock:
      await expect(checkLockExcludes(otherQuery, lock, location)).rejects.toThrow(AdvisoryLocksIneffectiveError);
    } finally {
      await Promise.all([holder.end(), other.end()]);
    }
  });
});
