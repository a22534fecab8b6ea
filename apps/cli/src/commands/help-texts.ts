// Help texts shared by several commands.
export const DB_ARGUMENT = 'the ledger: an SQLite file path, or postgres://user:password@host:port/database[?schema=name]';
export const KEY_OPTION = 'a PEM file with the Ed25519 private key that signs digests';
export const WORKERS_OPTION = 'worker threads for the per-block work (0: this thread; default: one per core from 3 cores on large journals)';
