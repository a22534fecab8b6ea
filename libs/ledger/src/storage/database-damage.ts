// Recognises a database driver's report that the stored file or pages are damaged (SQLite's
// SQLITE_CORRUPT and SQLITE_NOTADB, PostgreSQL's data_corrupted and index_corrupted), as opposed to
// a failure of the moment (busy, lost connection): verify() reports damage as a finding.
import { StorageError } from './storage.error';

const DAMAGE_CODES = /^(SQLITE_CORRUPT|SQLITE_NOTADB|XX001$|XX002$)/;

/** Whether `error` (or the driver error a StorageError wraps) says the database is damaged. */
export function isDatabaseDamage(error: unknown): boolean {
  const cause = error instanceof StorageError ? (error as { cause?: unknown }).cause : error;
  const code = (cause as { code?: unknown } | null)?.code;
  return typeof code === 'string' && DAMAGE_CODES.test(code);
}

/** A driver's damage report as a StorageError that names the database; any other error as it is. */
export function damageAsStorageError(error: unknown, location: string): unknown {
  if (!isDatabaseDamage(error) || error instanceof StorageError) return error;
  return new StorageError(`${location} is damaged: ${(error as Error).message}`, location, error);
}
