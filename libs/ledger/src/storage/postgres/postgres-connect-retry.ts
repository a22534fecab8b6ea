// Connecting on open, again when the database is not up yet: a failure that says the server is
// down, starting, full or out of reach (refused, reset, timed out, unresolvable, SQLSTATE 08000,
// 08001, 08003, 08006, 57P03 cannot_connect_now, 53300 too_many_connections, PgBouncer's "cannot
// connect to server") is retried after a wait that doubles from
// connectRetryDelayMs up to 30 s, connectRetries times; then DatabaseUnreachableError. Any other
// failure (a wrong password, a missing database, a TLS mismatch) is final at once.
import { SILENT_LOGGER, type LedgerLogger } from '../../telemetry';
import { DatabaseUnreachableError } from './postgres-unreachable.error';

/** How open retries, from the storage options. */
export interface ConnectRetryPolicy {
  /** Retries after the first attempt (default 0). */
  retries: number;
  /** The wait before the first retry, in ms (default 500). */
  firstDelayMs: number;
}

const DEFAULT_FIRST_DELAY_MS = 500;
const LONGEST_DELAY_MS = 30_000;

/** Network failures of Node's sockets and resolver that a server coming up would end. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);

/** SQLSTATEs of a server that is not accepting this connection yet (or of a pooler that cannot reach it). */
const NOT_YET_STATES = new Set(['08000', '08001', '08003', '08006', '57P03', '53300']);

/** What PgBouncer says (with SQLSTATE 08P01, which it also gives a wrong password) when its server is not up. */
const POOLER_NOT_YET = /cannot connect to server|server login has been failing/;

/** The retry policy of `options` (connectRetries, connectRetryDelayMs). */
export function connectRetryPolicy(options: { connectRetries?: number; connectRetryDelayMs?: number }): ConnectRetryPolicy {
  return { retries: options.connectRetries ?? 0, firstDelayMs: options.connectRetryDelayMs ?? DEFAULT_FIRST_DELAY_MS };
}

/** Whether `error` is a database not up or not reachable yet (as pg reports it), rather than a final refusal. */
export function databaseNotUpYet(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || NOT_YET_STATES.has(code))) return true;
  if (typeof message !== 'string') return false;
  if (code === '08P01') return POOLER_NOT_YET.test(message);
  return /^(Connection terminated unexpectedly|Connection terminated due to connection timeout|timeout expired)/.test(message);
}

/**
 * Runs `connect` until it succeeds, retrying the failures databaseNotUpYet recognises as `policy`
 * says (each retry told to `logger`, naming the failure's code, never its message); the others are
 * rethrown as they are.
 */
export async function connectWithRetries(connect: () => Promise<void>, policy: ConnectRetryPolicy, location: string, logger: LedgerLogger = SILENT_LOGGER): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await connect();
    } catch (error) {
      if (!databaseNotUpYet(error)) throw error;
      if (attempt > policy.retries) throw new DatabaseUnreachableError(location, attempt, error);
      const delayMs = Math.min(policy.firstDelayMs * 2 ** (attempt - 1), LONGEST_DELAY_MS);
      logger.warn(`${location} does not accept connections yet (${failureCode(error)}); retry ${attempt} of ${policy.retries} in ${delayMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}

/** What a connection failure was, for a log line: its code (a network code or SQLSTATE), never its message. */
function failureCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'connection failed';
}
