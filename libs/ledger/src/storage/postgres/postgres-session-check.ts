// What `open` checks of the sessions it is given, before trusting them: (1) that each connection
// is a session of its own for as long as it is open (a pooler in transaction or statement mode
// breaks that: SessionPoolingRequiredError), checked before any lock is taken so that such a
// pooler keeps no stray lock; (2) that the ledger's advisory lock, held by one connection, keeps
// another out (on CockroachDB it does not: AdvisoryLocksIneffectiveError). Both are observed on the
// server (backend pids, a second connection's try), not inferred from a version string.
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
