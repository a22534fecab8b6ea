// The `<db>` argument: an SQLite file path, or a `postgres://` (or `postgresql://`) URL whose
// optional `?schema=<name>` query parameter picks the schema holding the ledger. Commands open an
// existing ledger read-only (unless asked to write) and never create or migrate anything: that is
// `ledger migrate`'s alone.
import { readFileSync } from 'node:fs';
import { Ledger, type StorageOptions } from 'nestjs-ledger';
import { CliError } from './cli-error';

/** The storage options `<db>` names. */
export function storageOf(db: string): StorageOptions {
  if (!/^postgres(ql)?:\/\//i.test(db)) return { type: 'sqlite', database: db };
  let url: URL;
  try {
    url = new URL(db);
  } catch {
    throw new CliError('<db> is not a valid postgres:// URL (not repeated here, as it may hold a password; percent-encode special characters in the user and password)');
  }
  const schema = url.searchParams.get('schema') ?? undefined;
  url.searchParams.delete('schema');
  return { type: 'postgres', url: url.toString(), ...(schema ? { schema } : {}) };
}

/** How a command opens its ledger: read-only (default), or for writing too. */
export interface LedgerAccess {
  write?: boolean;
}

/**
 * Opens the ledger at `<db>`, read-only unless `access.write`; never creates one (a missing file is
 * an error) nor migrates it (a schema that needs migrating is refused, naming `ledger migrate`).
 */
export function openLedger(db: string, access: LedgerAccess = {}): Promise<Ledger> {
  return Ledger.openExisting({ storage: storageOf(db), readOnly: access.write !== true, migrate: 'check' });
}

/** Runs `work` on the ledger at `<db>`, closing it afterwards. */
export async function withLedger<T>(db: string, work: (ledger: Ledger) => Promise<T>, access: LedgerAccess = {}): Promise<T> {
  const ledger = await openLedger(db, access);
  try {
    return await work(ledger);
  } finally {
    await ledger.close();
  }
}

/** The text of a file the user named; a CliError (exit 2) naming it when it cannot be read. */
export function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read the ${what} file ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}
