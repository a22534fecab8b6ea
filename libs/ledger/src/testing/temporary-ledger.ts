// A ledger on a throw-away SQLite file for application tests: opened in a fresh temporary
// directory, and removed with that directory (closing the ledger first) by `remove()`.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ledger, type LedgerOptions } from '../engine';
// The ledger runs PartiQL statements: loading PartiQL fills the engine's statement port.
import '../partiql';

export interface TemporaryLedger {
  readonly ledger: Ledger;
  /** The SQLite file the ledger lives in. */
  readonly path: string;
  /** Closes the ledger and deletes its file and directory. */
  remove(): Promise<void>;
}

/** Opens a new ledger (named 'test' unless `options.name` says otherwise) on a temporary SQLite file. */
export async function openTemporaryLedger(options: Partial<Omit<LedgerOptions, 'storage'>> = {}): Promise<TemporaryLedger> {
  const directory = await mkdtemp(join(tmpdir(), 'nestjs-ledger-'));
  const path = join(directory, 'ledger.db');
  try {
    const ledger = await Ledger.open({ name: 'test', ...options, storage: { type: 'sqlite', database: path } });
    const remove = async () => {
      await ledger.close();
      await rm(directory, { recursive: true, force: true });
    };
    return { ledger, path, remove };
  } catch (error) {
    await rm(directory, { recursive: true, force: true });
    throw error;
  }
}
