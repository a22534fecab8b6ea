// The bank's configuration, from the environment: where the ledger is (an SQLite file under
// DATA_DIR by default, PostgreSQL when DATABASE_URL says postgres://, in the schema its `schema`
// parameter names), the port, the signing key.
import { join, resolve } from 'node:path';
import type { StorageOptions } from 'nestjs-ledger';
import { BankConfigError } from './bank-config.error';

export interface BankConfig {
  storage: StorageOptions;
  /** Holds the SQLite ledger (bank.ledger) and the generated signing key (signing-key.pem). */
  dataDir: string;
  /** An Ed25519 private key (PEM) to sign digests with; unset, the key in dataDir (created when absent). */
  signingKey?: string;
  port: number;
  /** The address to listen on (default 127.0.0.1: the sample's default API keys are public). */
  host?: string;
  /** Where the journal explorer's built pages are (default: where the package's build puts them). */
  explorerAssetsDir?: string;
  /**
   * The API key of each role; absent, the bank runs without authentication or access control (an
   * application embedding it in its tests). `npm start` always sets them (bankConfigFromEnv).
   */
  apiKeys?: BankApiKeys;
}

/** One API key per role of the sample: tellers run the account commands, auditors read the journal. */
export interface BankApiKeys {
  teller: string;
  auditor: string;
}

/** The sample's keys when TELLER_API_KEY and AUDITOR_API_KEY are unset: for trying the sample on localhost only. */
export const SAMPLE_API_KEYS: BankApiKeys = { teller: 'teller-sample-key', auditor: 'auditor-sample-key' };

/**
 * The configuration `env` describes: PORT (3000), HOST (127.0.0.1), DATA_DIR (./.data), DATABASE_URL,
 * SIGNING_KEY, TELLER_API_KEY and AUDITOR_API_KEY (the sample's keys when unset).
 */
export function bankConfigFromEnv(env: NodeJS.ProcessEnv): BankConfig {
  const dataDir = resolve(env.DATA_DIR || '.data');
  return {
    storage: storageOf(env.DATABASE_URL, dataDir),
    dataDir,
    ...(env.SIGNING_KEY ? { signingKey: env.SIGNING_KEY } : {}),
    port: portOf(env.PORT),
    host: env.HOST || '127.0.0.1',
    apiKeys: apiKeysOf(env),
  };
}

function apiKeysOf(env: NodeJS.ProcessEnv): BankApiKeys {
  const keys = { teller: env.TELLER_API_KEY || SAMPLE_API_KEYS.teller, auditor: env.AUDITOR_API_KEY || SAMPLE_API_KEYS.auditor };
  if (keys.teller === keys.auditor) throw new BankConfigError('TELLER_API_KEY and AUDITOR_API_KEY must differ', undefined);
  return keys;
}

function storageOf(url: string | undefined, dataDir: string): StorageOptions {
  if (!url) return { type: 'sqlite', database: join(dataDir, 'bank.ledger') };
  if (/^postgres(ql)?:\/\//.test(url)) return postgresStorage(url);
  throw new BankConfigError('DATABASE_URL must be a postgres:// URL (leave it unset for the SQLite file in DATA_DIR)', url.replace(/\/\/[^@]*@/, '//…@'));
}

/** A postgres:// URL; its `schema` parameter, if any, names the schema that holds the ledger. */
function postgresStorage(url: string): StorageOptions {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema');
  if (schema === null) return { type: 'postgres', url };
  parsed.searchParams.delete('schema');
  return { type: 'postgres', url: parsed.toString(), schema };
}

function portOf(text: string | undefined): number {
  if (text === undefined || text === '') return 3000;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new BankConfigError(`PORT must be a whole number from 0 to 65535, not ${JSON.stringify(text)}`, text);
  return port;
}
