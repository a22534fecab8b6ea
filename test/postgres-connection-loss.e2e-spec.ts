// The ledger's PostgreSQL connections killed by the server (pg_terminate_backend) while commands
// read and commit: first at a known point (a commit's connection inside its transaction, waiting
// for the ledger's lock that the test holds), then again and again at random: every command is
// either acknowledged and in the journal, or fails with StorageError; nothing acknowledged is lost,
// the ledger goes on with new connections, and the journal verifies.
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { Ledger, StorageError, type PostgresStorageOptions } from 'nestjs-ledger';
import { LedgerLockGate } from './support/ledger-lock-gate';
import { asRole } from './support/postgres-roles';

const serverUrl = () => new URL(process.env.LEDGER_TEST_POSTGRES_URL as string);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `work` on a connection of the test server's superuser. */
const admin = <T>(work: (client: Client) => Promise<T>): Promise<T> => asRole(undefined, work);

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

    const gate = await LedgerLockGate.close(url.href, 'ledger');
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
    expect(await gate.terminate(await gate.waiter())).toBe(true);
    await gate.open();
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
