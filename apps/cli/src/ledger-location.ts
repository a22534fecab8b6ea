// The `<db>` argument: an SQLite file path, or a `postgres://` (or `postgresql://`) URL whose
// optional `?schema=<name>` query parameter picks the schema holding the ledger. An SQLite file
// encrypted at rest is opened with the passphrase in the file LEDGER_ENCRYPTION_KEY_FILE names
// (and LEDGER_ENCRYPTION_CIPHER, default sqlcipher): never on the command line, where other users
// see it. Commands open an existing ledger read-only (unless asked to write) and never create or
// migrate anything: that is `ledger migrate`'s alone.
import { readFileSync } from 'node:fs';
import { Ledger, type SqliteCipher, type SqliteEncryption, type StorageOptions } from 'nestjs-ledger';
import { CliError } from './cli-error';

/** The storage options `<db>` names. */
export function storageOf(db: string, env: NodeJS.ProcessEnv = process.env): StorageOptions {
  if (!/^postgres(ql)?:\/\//i.test(db)) {
    const encryption = encryptionOf(env);
    return { type: 'sqlite', database: db, ...(encryption ? { encryption } : {}) };
  }
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

/**
 * The encryption of an SQLite ledger from the environment: the passphrase read from the file
 * LEDGER_ENCRYPTION_KEY_FILE names (one trailing newline dropped), the cipher from
 * LEDGER_ENCRYPTION_CIPHER; none when the first is unset. An empty passphrase is a CliError.
 */
function encryptionOf(env: NodeJS.ProcessEnv): SqliteEncryption | undefined {
  const keyFile = env.LEDGER_ENCRYPTION_KEY_FILE;
  if (!keyFile) return undefined;
  const key = readText(keyFile, 'encryption key').replace(/\r?\n$/, '');
  if (key === '') throw new CliError(`the encryption key file ${keyFile} (LEDGER_ENCRYPTION_KEY_FILE) holds no passphrase`);
  const cipher = env.LEDGER_ENCRYPTION_CIPHER;
  return { key, ...(cipher ? { cipher: cipher as SqliteCipher } : {}) };
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
