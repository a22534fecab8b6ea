// The engine's typed errors.
export { InvalidArgumentError } from '../../errors';
export * from './occ-conflict.error';
export * from './table-not-found.error';
export * from './document-not-found.error';
export * from './limit-exceeded.error';
export * from './ledger-closed.error';
export * from './transaction-closed.error';
export * from './checkpoint-refused.error';
export * from './witness-unreadable.error';
export * from './read-only-ledger.error';
export * from './redaction-refused.error';
export * from './access-denied.error';
export * from './access-grants-tampered.error';
export * from './data-key.error';
export * from './bulk-worker-failed.error';
