// Crypto-shredding: a subject's fields encrypted under its own data key, readable until the key is
// shredded, then unreadable for good while the journal still verifies and proves them.
// #region example
// #region hidden
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
// #endregion
import { DataKeyUnavailableError, Ledger, SubjectKeys } from 'nestjs-ledger';

async function main() {
  const ledger = await Ledger.open({ name: 'hr', storage: { type: 'sqlite', database: 'hr.ledger' } });
  const masterKey = randomBytes(32); // in production: from a secret store, or a KMS as `wrapper`
  const keys = new SubjectKeys(ledger, { masterKey });
  await ledger.query('CREATE TABLE Person');

  // the subject is an opaque id (the journal records it); the fields are sealed before they are written
  const person = await keys.encryptFields('person-8c1f', { name: 'Ana', ssn: '078-05-1120' }, ['name', 'ssn']);
  const [{ documentId }] = await ledger.query<{ documentId: string }>('INSERT INTO Person ?', person);
  const [stored] = await ledger.query<Record<string, never>>('SELECT * FROM Person AS p BY id WHERE id = ?', documentId);
  const readable = await keys.decryptFields(stored); // { name: 'Ana', ssn: '078-05-1120' }

  const shredding = await keys.shred('person-8c1f'); // { subject, keyId, blockAddress, scrub }
  const afterwards = await keys.decryptFields(stored).catch((error: unknown) => error); // DataKeyUnavailableError
  const verified = await ledger.verify(); // still valid: the journal hashed the ciphertext
  await ledger.close();
  // #region hidden
  assert.deepEqual(readable, { name: 'Ana', ssn: '078-05-1120' });
  assert.ok(afterwards instanceof DataKeyUnavailableError);
  assert.deepEqual(shredding.scrub.remains, []);
  assert.equal(verified.valid, true);
  // #endregion
}

main();
// #endregion
