// What `open` checks of the database's sessions, before trusting them, on two connections of its
// own (SessionProbe): (1) that each connection is a session of its own for as long as it is open
// (a pooler in transaction or statement mode breaks that: SessionPoolingRequiredError), checked
// before the pool connects and before any lock is taken, so that such a pooler is left no stray
// lock and no SET on its shared server sessions; (2) that the ledger's advisory lock, held by the
// migrating connection, keeps the probe out (on CockroachDB it does not:
// AdvisoryLocksIneffectiveError). Both are observed on the server (backend pids, a try at the
// lock), not inferred from a version string.
import type { Client } from 'pg';
import { adoptConnection } from './postgres-connection';
import { lockArguments, type AdvisoryLockKey } from './postgres-ledger-lock';
import { AdvisoryLocksIneffectiveError } from './postgres-advisory-locks.error';
import { SessionPoolingRequiredError } from './postgres-session-pooling.error';

/** Runs one statement on a connection and returns its rows. */
export type SessionQuery = (sql: string) => Promise<Array<Record<string, unknown>>>;

const backendPid = async (query: SessionQuery): Promise<number> => Number((await query('SELECT pg_backend_pid() AS pid'))[0].pid);

/**
 * Refuses connections that are not sessions of their own: the holder's server session is read,
 * then the other connection's, then the holder's again; in a session they are the holder's twice
 * and someone else's in between.
 */
export async function checkOwnSessions(holder: SessionQuery, other: SessionQuery, location: string): Promise<void> {
  const first = await backendPid(holder);
  const otherConnection = await backendPid(other);
  const second = await backendPid(holder);
  if (first !== second || first === otherConnection) throw new SessionPoolingRequiredError(location, { first, second, otherConnection });
}

/**
 * Refuses a database whose advisory locks do not lock: called while another session holds `lock`,
 * `other` tries to take it (transaction-scoped, so a success leaves nothing held) and must fail.
 */
export async function checkLockExcludes(other: SessionQuery, lock: AdvisoryLockKey, location: string): Promise<void> {
  const [row] = await other(`SELECT pg_try_advisory_xact_lock(${lockArguments(lock)}) AS taken`);
  if (row.taken !== false) throw new AdvisoryLocksIneffectiveError(location);
}

/** A connection's statements as a SessionQuery. */
const queryOf =
  (client: Client): SessionQuery =>
  async (sql) =>
    (await client.query(sql)).rows;

/** Two connections outside the pool, with no session settings, that `open` checks the database with. */
export class SessionProbe {
  private constructor(
    private readonly first: Client,
    private readonly second: Client,
  ) {}

  /** Connects both (a failure to connect is the caller's to retry). */
  static async connect(newClient: () => Client): Promise<SessionProbe> {
    const [first, second] = [newClient(), newClient()];
    adoptConnection(first);
    adoptConnection(second);
    const probe = new SessionProbe(first, second);
    try {
      await first.connect();
      await second.connect();
    } catch (error) {
      await probe.close();
      throw error;
    }
    return probe;
  }

  /** checkOwnSessions on the two connections; the first is closed after it. */
  async checkOwnSessions(location: string): Promise<void> {
    await checkOwnSessions(queryOf(this.first), queryOf(this.second), location);
    await this.first.end().catch(() => undefined);
  }

  /** checkLockExcludes from the second connection, while the caller holds `lock`. */
  checkLockExcludes(lock: AdvisoryLockKey, location: string): Promise<void> {
    return checkLockExcludes(queryOf(this.second), lock, location);
  }

  async close(): Promise<void> {
    await Promise.all([this.first.end().catch(() => undefined), this.second.end().catch(() => undefined)]);
  }
}
