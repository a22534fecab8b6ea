// The ledger's PostgreSQL connections killed by the server (pg_terminate_backend) while commands
// read and commit: first at a known point (a commit's connection inside its transaction, waiting
// for the ledger's lock that the test holds), then again and again at random: every command is
// either acknowledged and in the journal, or fails with StorageError; nothing acknowledged is lost,
// the ledger goes on with new connections, and the journal verifies.
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { Ledger, StorageError, type PostgresStorageOptions } from 'nestjs-ledger';
import { ledgerLockKey, lockArguments } from '../libs/ledger/src/storage/postgres-ledger-lock';

const serverUrl = () => new URL(process.env.LEDGER_TEST_POSTGRES_URL as string);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function admin<T>(work: (client: Client) => Promise<T>, url = serverUrl().href): Promise<T> {
  const client = new Client(url);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Terminates every backend of `database` but its own, every 50 to 150 ms, until stopped. */
function keepKilling(database: string): { stop(): Promise<void> } {
  let killing = true;
  const killed = admin(async (client) => {
    while (killing) {
      await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [database]);
      await sleep(50 + Math.random() * 100);
    }
  });
  return {
    stop: () => {
      killing = false;
      return killed;
    },
  };
}

/**
 * Holds the ledger's lock from a session of its own until a commit's connection waits for it (inside
 * its transaction), terminates that connection, then lets go; resolves with whether it was terminated.
 */
function killACommitWaitingForTheLock(url: string, schema: string): { held: Promise<void>; killed: Promise<boolean> } {
  const lock = ledgerLockKey(schema);
  let holding: () => void;
  const held = new Promise<void>((resolve) => (holding = resolve));
  const killed = admin(async (client) => {
    await client.query(`SELECT pg_advisory_lock(${lockArguments(lock)})`);
    holding();
    const waiting = `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND classid = $1 AND objid = $2 AND objsubid = 2 AND NOT granted`;
    let rows: { pid: number }[] = [];
    while (rows.length === 0) ({ rows } = await client.query<{ pid: number }>(waiting, [lock.namespace >>> 0, lock.key >>> 0]));
    const [{ terminated }] = (await client.query<{ terminated: boolean }>('SELECT pg_terminate_backend($1) AS terminated', [rows[0].pid])).rows;
    await client.query(`SELECT pg_advisory_unlock(${lockArguments(lock)})`);
    return terminated;
  }, url);
  return { held, killed };
}

describe('PostgreSQL connections killed by the server', () => {
  const database = `loss_${randomBytes(4).toString('hex')}`;
  beforeAll(() => admin((client) => client.query(`CREATE DATABASE ${database}`)));
  afterAll(() => admin((client) => client.query(`DROP DATABASE ${database} WITH (FORCE)`)));

  it('leave every command acknowledged and stored, or failed with StorageError, and a ledger that verifies', async () => {
    const url = serverUrl();
    url.pathname = `/${database}`;
    const storage: PostgresStorageOptions = { type: 'postgres', url: url.href, schema: 'ledger' };
    const ledger = await Ledger.open({ name: 'test', storage });
    const anchorId = await ledger.execute((tx) => {
      tx.createTable('Item');
      return tx.insert('Item', { n: -1 });
    });

    const knownPoint = killACommitWaitingForTheLock(url.href, 'ledger');
    await knownPoint.held;
    const acknowledged: string[] = [];
    const failures: unknown[] = [];
    const caller = async (c: number) => {
      for (let i = 0; i < 60; i++) {
        try {
          const id = await ledger.execute(async (tx) => {
            if (i % 3 === 0) await tx.get('Item', anchorId);
            return tx.insert('Item', { n: c * 1000 + i });
          });
          acknowledged.push(id);
        } catch (error) {
          failures.push(error);
        }
      }
    };
    const callers = Promise.all(Array.from({ length: 8 }, (_, c) => caller(c)));
    expect(await knownPoint.killed).toBe(true);
    const killer = keepKilling(database);
    await callers;
    await killer.stop();

    expect(failures.length).toBeGreaterThan(0);
    expect(failures.filter((f) => !(f instanceof StorageError))).toEqual([]);
    expect(acknowledged.length + failures.length).toBe(480);
    acknowledged.push(await ledger.execute((tx) => tx.insert('Item', { n: 'after' })));
    await ledger.close();

    const reopened = await Ledger.open({ name: 'test', storage });
    const stored = new Set((await reopened.execute((tx) => tx.scan('Item'))).map((d) => d.documentId));
    expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
    expect((await reopened.verify()).problems).toEqual([]);
    await reopened.close();
  });
});
