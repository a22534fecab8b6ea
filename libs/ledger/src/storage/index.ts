// Storage: the contract the engine writes through (sql-storage.ts), the SQL it runs
// (ledger-repository.ts, checkpoint-repository.ts, index keys), the schema's migrations, and one
// folder per dialect (sqlite/, postgres/), which import the shared parts and never each other.
export * from './storage-options';
export * from './storage.error';
export * from './encryption-key.error';
export { MissingDriverError } from './missing-driver.error';
export * from './postgres/postgres-lock-timeout.error';
export * from './postgres/postgres-session-pooling.error';
export * from './postgres/postgres-advisory-locks.error';
export * from './postgres/postgres-unreachable.error';
export { ledgerRoleGrants, type LedgerRoles } from './postgres/postgres-roles';
export type { JournalTip, ProjectionLease, ReadOptions, ScrubOptions, ScrubReport, SqlStorage, SqlQuery, SqlStatement, WriteEnd, WriteMarks, WriteOptions } from './sql-storage';
export { TipMovedError } from './tip-moved.error';
export { startWorker, workerFile } from './worker-file';
export { migrateStorage, openStorage, openStorageToBuild, storageMigrationStatus, type MigrationStatus, type StorageBuild } from './open-storage';
export { MigrationsPendingError } from './migrations-pending.error';
export * from './not-a-ledger.error';
export * from './ledger-repository';
export * from './data-key-repository';
export * from './checkpoint-repository';
export * from './projection-lease';
export * from './index-keys';
export { isDatabaseDamage } from './database-damage';
export { syncDirectory, syncFile, writeFileDurably } from './file-sync';
export { buildingNameFor, newSqliteFileProblem, placeBuiltFile, removeBuilding } from './sqlite/new-sqlite-file';
