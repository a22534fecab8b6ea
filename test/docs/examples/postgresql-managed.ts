// Managed PostgreSQL: a password fetched for each new connection (an IAM token), and an open that
// waits for a database still starting. Runs when LEDGER_TEST_POSTGRES_URL names a database
// (test/docs/postgres-examples.e2e-spec.ts gives it one on the postgres project's server, whose
// trust authentication asks for no password; test/postgres-pgbouncer.e2e-spec.ts logs in with one).
// #region hidden
import { strict as assert } from 'node:assert';
import { Ledger, type PostgresStorageOptions } from 'nestjs-ledger';

/** Stands for a cloud SDK's token signer (RDS: `new Signer({ hostname, port, username })` of @aws-sdk/rds-signer). */
const signer = { getAuthToken: async (): Promise<string> => 'a-short-lived-token' };

async function main() {
  if (!process.env.LEDGER_TEST_POSTGRES_URL) return;
  process.env.DATABASE_URL = process.env.LEDGER_TEST_POSTGRES_URL;
  // #endregion
  // #region managed
  const storage: PostgresStorageOptions = {
    type: 'postgres',
    url: process.env.DATABASE_URL, // the server, or a pooler's session-mode database
    schema: 'ledger',
    password: () => signer.getAuthToken(), // called for each new connection
    connectRetries: 10, // while the database is not up yet, after 0.5 s, 1 s, 2 s, … (at most 30 s)
    connectRetryDelayMs: 500,
  };
  const ledger = await Ledger.open({ name: 'bank', storage });
  // #endregion
  // #region hidden
  assert.equal((await ledger.verify()).valid, true);
  await ledger.close();
  console.log('ran on PostgreSQL');
}

main();
// #endregion
