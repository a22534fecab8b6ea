// Test fixture: ledgers on throw-away storage (test-storage.fixture.ts: SQLite files, or schemas
// on a throw-away PostgreSQL server), removed after the test run.
import { Ledger } from './ledger';
import type { LedgerOptions } from './ledger-options';
import { testStorage } from './test-storage.fixture';
import type { StorageOptions } from '../storage';

/** Where a new ledger goes: a file path on SQLite, a schema name on PostgreSQL. */
export function tempLedgerPath(name = 'test'): string {
  return testStorage.newLocation(name);
}

/** The storage options of the ledger at `location`. */
export function storageAt(location: string): StorageOptions {
  return testStorage.options(location);
}

/** Removes every ledger tempLedgerPath placed, and every file tempFilePath made. */
export function removeTempLedgers(): Promise<void> {
  return testStorage.removeAll();
}

/** Opens a ledger named 'test' at `location` (default: a new one). */
export function openTestLedger(location = tempLedgerPath(), options: Partial<LedgerOptions> = {}): Promise<Ledger> {
  return Ledger.open({ name: 'test', storage: storageAt(location), ...options });
}
