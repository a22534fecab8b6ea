// A ledger in PostgreSQL: the storage options, with TLS. Runs when LEDGER_TEST_POSTGRES_URL names a
// database (test/docs/postgres-examples.e2e-spec.ts gives it one on the postgres project's server).
// #region hidden
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { Ledger, type StorageOptions } from 'nestjs-ledger';


/** The storage options of a server that wants TLS, with the CA that signed its certificate. */
function tlsStorage(): StorageOptions {
  // #endregion
  // #region tls
  const storage: StorageOptions = { type: 'postgres', url: process.env.DATABASE_URL, schema: 'ledger', ssl: { ca: readFileSync('rds-ca.pem', 'utf8') } };
  // #endregion
  // #region hidden
  return storage;
}

async function main() {
  if (!process.env.LEDGER_TEST_POSTGRES_URL) return;
  process.env.DATABASE_URL = process.env.LEDGER_TEST_POSTGRES_URL;
  assert.equal(tlsStorage.length, 0); // compiled here; a TLS-only server is test/postgres-tls.e2e-spec.ts's
  // #endregion
  // #region open
  const ledger = await Ledger.open({
    name: 'bank',
    storage: { type: 'postgres', url: process.env.DATABASE_URL, schema: 'ledger' },
  });
  // #endregion
  // #region hidden
  assert.equal((await ledger.verify()).valid, true);
  await ledger.close();
  console.log('ran on PostgreSQL');
}

main();
// #endregion
