// Storage on TypeORM: the connection, its schema, and the SQL the engine runs.
export * from './storage-options';
export * from './storage.error';
export { MissingDriverError } from './missing-driver.error';
export * from './postgres-lock-timeout.error';
export { ledgerRoleGrants, type LedgerRoles } from './postgres-roles';
export type { ReadOptions, SqlStorage, SqlQuery, SqlStatement, WriteEnd } from './sql-storage';
export { openStorage } from './open-storage';
export * from './not-a-ledger.error';
export * from './ledger-repository';
export * from './checkpoint-repository';
export * from './projection-lease';
export * from './index-keys';
