// The ledger's PostgreSQL advisory lock: one per schema, keyed (namespace "LEDG", a number taken
// from the schema's name). Writers take it for their transaction, and `open` for its migrations, so
// sequence numbers are taken in commit order. PostgreSQL has no privilege on advisory locks: any
// role that can connect to the database can take this one and make the ledger's writers wait
// (docs/postgresql-security.md says how to keep other roles out). A writer that waits longer than
// its lock timeout fails with LedgerLockTimeoutError, which says how to find the holder.
import { createHash } from 'node:crypto';
import { LedgerLockTimeoutError } from './postgres-lock-timeout.error';

/** First key of the ledger's advisory locks (ASCII "LEDG"). */
const LOCK_NAMESPACE = 0x4c454447;

/** PostgreSQL's SQLSTATE lock_not_available: lock_timeout expired. */
const LOCK_NOT_AVAILABLE = '55P03';

/** The two int4 keys of an advisory lock. */
export interface AdvisoryLockKey {
  namespace: number;
  key: number;
}

/** The ledger's lock in `schema`. */
export function ledgerLockKey(schema: string): AdvisoryLockKey {
  return { namespace: LOCK_NAMESPACE, key: createHash('sha256').update(schema).digest().readInt32BE(0) };
}

/** The lock's keys as the arguments of pg_advisory_lock and its kin. */
export function lockArguments(lock: AdvisoryLockKey): string {
  return `${lock.namespace}, ${lock.key}`;
}

/** A query listing the sessions that hold `lock` (pg_locks shows an int4 pair as classid, objid and objsubid 2). */
export function lockHolderQuery(lock: AdvisoryLockKey): string {
  return (
    'SELECT a.pid, a.usename, a.application_name, a.client_addr, a.backend_start FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid ' +
    `WHERE l.locktype = 'advisory' AND l.classid = ${lock.namespace >>> 0} AND l.objid = ${lock.key >>> 0} AND l.objsubid = 2 AND l.granted`
  );
}

/** Whether `error` (or its cause) is the server's lock_timeout expiring. */
export function isLockTimeout(error: unknown): boolean {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined; e !== undefined && e !== null; e = e.cause as typeof e) {
    if (e.code === LOCK_NOT_AVAILABLE) return true;
  }
  return false;
}

/** `error` as LedgerLockTimeoutError when it is the wait for `lock` timing out, else as it is. */
export function lockTimeoutOr(error: unknown, lock: AdvisoryLockKey, schema: string, waitedMs: number): unknown {
  return isLockTimeout(error) ? new LedgerLockTimeoutError(schema, waitedMs, lockHolderQuery(lock), error) : error;
}
