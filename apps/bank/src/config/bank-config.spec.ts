// The bank's settings from the environment: defaults with nothing set, PostgreSQL by URL, and a
// typed error naming a bad value.
import { join, resolve } from 'node:path';
import { bankConfigFromEnv, SAMPLE_API_KEYS } from './bank-config';
import { BankConfigError } from './bank-config.error';

describe('bankConfigFromEnv', () => {
  it('runs on SQLite in ./.data on port 3000 when nothing is set', () => {
    expect(bankConfigFromEnv({})).toEqual({ storage: { type: 'sqlite', database: join(resolve('.data'), 'bank.ledger') }, dataDir: resolve('.data'), port: 3000, host: '127.0.0.1', apiKeys: SAMPLE_API_KEYS });
  });

  it('takes PORT, DATA_DIR, SIGNING_KEY and a postgres:// or postgresql:// DATABASE_URL, with the ledger\'s schema as ?schema=', () => {
    const env = { PORT: '0', DATA_DIR: '/var/lib/bank', SIGNING_KEY: 'pem', DATABASE_URL: 'postgresql://bank:secret@db:5432/bank' };
    expect(bankConfigFromEnv(env)).toEqual({ storage: { type: 'postgres', url: env.DATABASE_URL }, dataDir: '/var/lib/bank', signingKey: 'pem', port: 0, host: '127.0.0.1', apiKeys: SAMPLE_API_KEYS });
    expect(bankConfigFromEnv({ DATABASE_URL: 'postgres://db/bank' }).storage).toEqual({ type: 'postgres', url: 'postgres://db/bank' });
    expect(bankConfigFromEnv({ DATABASE_URL: 'postgres://u:p@db:5433/bank?schema=ledger&sslmode=disable' }).storage).toEqual({
      type: 'postgres',
      url: 'postgres://u:p@db:5433/bank?sslmode=disable',
      schema: 'ledger',
    });
  });

  it('takes the API keys from TELLER_API_KEY and AUDITOR_API_KEY, else the sample\'s, and refuses one key for both roles', () => {
    expect(bankConfigFromEnv({ TELLER_API_KEY: 't', AUDITOR_API_KEY: 'a' }).apiKeys).toEqual({ teller: 't', auditor: 'a' });
    expect(() => bankConfigFromEnv({ TELLER_API_KEY: 'same', AUDITOR_API_KEY: 'same' })).toThrow('TELLER_API_KEY and AUDITOR_API_KEY must differ');
  });

  it('listens on 127.0.0.1 unless HOST says otherwise', () => {
    expect(bankConfigFromEnv({}).host).toBe('127.0.0.1');
    expect(bankConfigFromEnv({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
  });

  it('refuses a port that is not one and a URL of another database, without echoing a password', () => {
    for (const port of ['-1', '65536', '80.5', 'http']) expect(() => bankConfigFromEnv({ PORT: port })).toThrow(new BankConfigError(`PORT must be a whole number from 0 to 65535, not ${JSON.stringify(port)}`, port));
    let error: unknown;
    try {
      bankConfigFromEnv({ DATABASE_URL: 'mysql://bank:secret@db/bank' });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toMatchObject({ code: 'BANK_CONFIG', value: 'mysql://…@db/bank' });
    expect(String((error as Error).message)).not.toContain('secret');
  });
});
