// The database driver a storage needs (better-sqlite3 for SQLite, pg for PostgreSQL) is not
// installed: both are optional peer dependencies, so an application installs the one it uses.
import { StorageError } from './storage.error';

export class MissingDriverError extends StorageError {
  override readonly code = 'MISSING_DRIVER';

  constructor(
    /** The npm package to install. */
    readonly packageName: string,
    storageType: string,
    cause?: unknown,
  ) {
    super(`${storageType} storage needs the '${packageName}' package: install it with npm install ${packageName}`, packageName, cause);
  }
}
