// The public API of nestjs-ledger.
export * from './errors';
export * from './ion';
export * from './crypto';
export * from './journal';
export { ledgerRoleGrants, LedgerLockTimeoutError, NotALedgerError, redactStorageOptions, StorageError, type LedgerRoles, type StorageOptions, type SqliteStorageOptions, type PostgresStorageOptions } from './storage';
export * from './engine';
export * from './streams';
export * from './projections';
export * from './event-sourcing';
export * from './nest';
export * from './partiql';
export * from './export';
