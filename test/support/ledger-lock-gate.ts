// Stopping a PostgreSQL ledger's writers at a known point: a session of the test's own holds the
// ledger's advisory lock, so every writer, in any process, waits for it inside its transaction (or
// its open's migrations) before writing anything; the test sees the waiting session in pg_locks,
// does what it must while that writer is stuck there, then lets go.
import { Client } from 'pg';
import { ledgerLockKey, lockArguments } from '../../libs/ledger/src/storage/postgres/postgres-ledger-lock';

export class LedgerLockGate {
  private constructor(
    private readonly client: Client,
    private readonly lock: string,
    private readonly keys: [number, number],
  ) {}

  /** Takes the lock of the ledger in `schema` of the database at `url` (waiting while a writer holds it). */
  static async close(url: string, schema: string): Promise<LedgerLockGate> {
    const key = ledgerLockKey(schema);
    const client = new Client(url);
    await client.connect();
    const gate = new LedgerLockGate(client, lockArguments(key), [key.namespace >>> 0, key.key >>> 0]);
    await client.query(`SELECT pg_advisory_lock(${gate.lock})`);
    return gate;
  }

  /** Resolves with the server pid of a session waiting for the lock, once there is one. */
  async waiter(): Promise<number> {
    const waiting = "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND classid = $1 AND objid = $2 AND objsubid = 2 AND NOT granted";
    for (;;) {
      const { rows } = await this.client.query<{ pid: number }>(waiting, this.keys);
      if (rows.length > 0) return rows[0].pid;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  /** Terminates the session with server pid `pid`; whether it was. */
  async terminate(pid: number): Promise<boolean> {
    const { rows } = await this.client.query<{ terminated: boolean }>('SELECT pg_terminate_backend($1) AS terminated', [pid]);
    return rows[0].terminated;
  }

  /** Lets the writers go on, and closes its session. */
  async open(): Promise<void> {
    await this.client.query(`SELECT pg_advisory_unlock(${this.lock})`);
    await this.client.end();
  }
}
