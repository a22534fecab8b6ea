// Opens the storage a ledger's options name: an SQLite file or a PostgreSQL database.
import { PostgresStorage } from './postgres/postgres-storage';
import type { SqlStorage } from './sql-storage';
import { SqliteStorage } from './sqlite/sqlite-storage';
import type { StorageOptions } from './storage-options';

export function openStorage(options: StorageOptions): Promise<SqlStorage> {
  return options.type === 'postgres' ? PostgresStorage.open(options) : SqliteStorage.open(options);
}
