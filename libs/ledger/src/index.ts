// The public API of nestjs-ledger.
export * from './errors';
export * from './ion';
export * from './crypto';
