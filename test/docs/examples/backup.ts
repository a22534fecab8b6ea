// A backup of an SQLite ledger taken while it is written to, and checked back from the copy.
// #region example
// #region hidden
import { strict as assert } from 'node:assert';
// #endregion
import { Ledger } from 'nestjs-ledger';

async function main() {
  const ledger = await Ledger.open({ name: 'payments', storage: { type: 'sqlite', database: 'payments.ledger' } });
  await ledger.query('CREATE TABLE Payment');
  const writes = Array.from({ length: 20 }, (_, i) => ledger.query('INSERT INTO Payment ?', { id: i, cents: 100 * i }));

  const backup = await ledger.backup(`backups/payments-${new Date().toISOString().slice(0, 10)}.ledger`);
  // { file: 'backups/payments-2026-12-07.ledger', bytes: …, digest: { digest, digestTipAddress: { strandId, sequenceNo } } }
  await Promise.all(writes);

  const copy = await Ledger.openExisting({ storage: { type: 'sqlite', database: backup.file }, readOnly: true });
  const { problems } = await copy.verify(); // [] : the copy re-hashes clean
  // #region hidden
  assert.deepEqual(problems, []);
  assert.deepEqual(await copy.getDigest(), backup.digest);
  const [copied] = await copy.readBlocks(backup.digest.digestTipAddress.sequenceNo, backup.digest.digestTipAddress.sequenceNo);
  const [original] = await ledger.readBlocks(copied.blockAddress.sequenceNo, copied.blockAddress.sequenceNo);
  assert.deepEqual(copied.blockHash, original.blockHash);
  // #endregion
  await copy.close();
  await ledger.close();
}

main();
// #endregion
