// A copy of an SQLite ledger's file taken while the ledger stays open (Ledger.backup): one committed
// snapshot, in a new file placed only once it opens as a ledger whose tip block is this ledger's
// block of that sequenceNo (so that it holds this journal up to there), and never over another file.
import { statSync } from 'node:fs';
import type { Block } from '../journal';
import { newSqliteFileProblem, StorageError, type SqlStorage, type StorageOptions } from '../storage';
import { InvalidArgumentError } from './errors';
import type { LedgerDigest } from './journal-proofs';

/** A backup taken: the new file, its size, and the digest of the journal it holds, read from it. */
export interface LedgerBackup {
  file: string;
  bytes: number;
  digest: LedgerDigest;
}

/** What the backup reads of the copy, opened as a ledger (read-only), and of the ledger it copies. */
export interface BackupReads {
  openCopy(storage: StorageOptions): Promise<{ getDigest(): Promise<LedgerDigest>; readBlocks(first: number, last: number, options: { revisions: false }): Promise<Block[]>; close(): Promise<void> }>;
  blocksOfLedger(first: number, last: number): Promise<Block[]>;
}

/** InvalidArgumentError, before anything is read or written, unless the ledger in `storage` can be copied to a new file at `destination`. */
export function checkBackup(storage: StorageOptions, copies: boolean, destination: unknown): asserts destination is string {
  if (storage.type !== 'sqlite' || !copies) {
    throw new InvalidArgumentError('a PostgreSQL ledger is backed up by PostgreSQL (pg_dump of its schema, or base backups): docs/postgresql-and-operations.md#backups', storage.type);
  }
  if (storage.database === ':memory:') throw new InvalidArgumentError('an in-memory ledger has no file to back up; exportJournal copies its journal', storage.database);
  if (typeof destination !== 'string' || destination === '' || destination === ':memory:') {
    throw new InvalidArgumentError(`a backup goes to the path of a new file, not ${JSON.stringify(destination) ?? String(destination)}`, destination);
  }
  const problem = newSqliteFileProblem(destination);
  if (problem) throw new InvalidArgumentError(`${problem}; back up into a new file`, destination);
}

/** Copies the ledger of `storage` to `destination` (checked by checkBackup), checks the copy against the ledger, and places it. */
export async function backupLedger(storage: SqlStorage, destination: string, reads: BackupReads): Promise<LedgerBackup> {
  let digest: LedgerDigest | undefined;
  const placed = await (storage.backupTo as NonNullable<SqlStorage['backupTo']>)(destination, async (copyStorage) => {
    digest = await checkCopy(copyStorage, destination, reads);
  });
  if (placed !== 'placed') throw new InvalidArgumentError(`${placed}; the backup was not placed at ${destination}`, destination);
  return { file: destination, bytes: statSync(destination).size, digest: digest as LedgerDigest };
}

/** The copy's digest, once its tip block is found to be the ledger's block of the same sequenceNo; else a StorageError. */
async function checkCopy(copyStorage: StorageOptions, destination: string, reads: BackupReads): Promise<LedgerDigest> {
  const copy = await reads.openCopy(copyStorage);
  try {
    const digest = await copy.getDigest();
    const tip = digest.digestTipAddress.sequenceNo;
    const [copied] = await copy.readBlocks(tip, tip, { revisions: false });
    const [ours] = await reads.blocksOfLedger(tip, tip);
    if (!copied || !ours || !Buffer.from(copied.blockHash).equals(ours.blockHash)) {
      throw new StorageError(`the copy's block ${tip} is not the ledger's block ${tip}; the backup was not placed at ${destination}`, destination);
    }
    return digest;
  } finally {
    await copy.close();
  }
}
