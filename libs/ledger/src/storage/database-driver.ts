// Loads a database driver on first use, so an application installs only the one its storage uses
// (better-sqlite3 and pg are optional peer dependencies); a missing one is a MissingDriverError.
import type BetterSqlite3 from 'better-sqlite3';
import { MissingDriverError } from './missing-driver.error';

/** better-sqlite3's Database class. */
export type BetterSqlite3Driver = typeof BetterSqlite3;

export function loadBetterSqlite3(): BetterSqlite3Driver {
  return loadDriver('better-sqlite3', 'SQLite') as BetterSqlite3Driver;
}

/** better-sqlite3-multiple-ciphers' Database class (better-sqlite3's, built with SQLite3MultipleCiphers), for encrypted files. */
export function loadBetterSqlite3MultipleCiphers(): BetterSqlite3Driver {
  return loadDriver('better-sqlite3-multiple-ciphers', 'Encrypted SQLite') as BetterSqlite3Driver;
}

/** pg's module (TypeORM's PostgreSQL driver takes it as is). */
export function loadPg(): unknown {
  return loadDriver('pg', 'PostgreSQL');
}

function loadDriver(packageName: string, storageType: string): unknown {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(packageName);
  } catch (error) {
    if (isMissing(error, packageName)) throw new MissingDriverError(packageName, storageType, error);
    throw error;
  }
}

/** Whether `error` says `packageName` itself cannot be found (not one of its own imports). */
function isMissing(error: unknown, packageName: string): boolean {
  const { code, message } = error as { code?: string; message?: string };
  return code === 'MODULE_NOT_FOUND' && typeof message === 'string' && message.startsWith(`Cannot find module '${packageName}'`);
}
