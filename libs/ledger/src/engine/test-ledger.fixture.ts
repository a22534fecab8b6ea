// Test fixture: ledgers on throw-away SQLite files (or in memory), removed after the test run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ledger } from './ledger';
import type { LedgerOptions } from './ledger-options';

const directories: string[] = [];

/** A path for a new ledger file in a fresh temporary directory. */
export function tempLedgerPath(name = 'test'): string {
  const directory = mkdtempSync(join(tmpdir(), 'nestjs-ledger-'));
  directories.push(directory);
  return join(directory, `${name}.ledger`);
}

/** Removes every directory tempLedgerPath made. */
export function removeTempLedgers(): void {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
}

/** Opens a ledger named 'test' on `database` (default: a new temporary file). */
export function openTestLedger(database = tempLedgerPath(), options: Partial<LedgerOptions> = {}): Promise<Ledger> {
  return Ledger.open({ name: 'test', storage: { type: 'sqlite', database }, ...options });
}
