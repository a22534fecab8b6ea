// An SQLite ledger encrypted at rest: the key from a provider, the file unreadable without it.
// #region example
// #region hidden
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
// #endregion
import { EncryptionKeyError, Ledger } from 'nestjs-ledger';

async function main() {
  const encryption = { keyProvider: async () => process.env.LEDGER_FILE_KEY ?? 'a passphrase from a secret store' };
  const ledger = await Ledger.open({ name: 'vault', storage: { type: 'sqlite', database: 'vault.ledger', encryption } });
  await ledger.query('CREATE TABLE Secret');
  await ledger.query("INSERT INTO Secret VALUE {'text': 'launch code 0000'}");
  await ledger.close();

  const wrongKey = { key: 'not the passphrase' };
  const refused = await Ledger.open({ name: 'vault', storage: { type: 'sqlite', database: 'vault.ledger', encryption: wrongKey } }).catch((error: unknown) => error);
  // EncryptionKeyError: the encryption key does not open the sqlite ledger at vault.ledger (cipher sqlcipher): …
  // #region hidden
  assert.ok(refused instanceof EncryptionKeyError);
  assert.equal(readFileSync('vault.ledger').includes('launch code'), false);
  // #endregion
}

main();
// #endregion
