// The engine without PartiQL: tables, an index, documents, their history, a digest and a revision's
// proof from storage.
// #region hidden
import { strict as assert } from 'node:assert';
// #endregion
// #region dmv
import { Ledger } from 'nestjs-ledger';
import { foldProof } from 'nestjs-ledger/verify';

async function main() {
  const ledger = await Ledger.open({ name: 'dmv', storage: { type: 'sqlite', database: 'dmv.ledger' } });

  await ledger.execute((tx) => {
    tx.createTable('Vehicle');
    tx.createIndex('Vehicle', 'VIN');
  });
  const id = await ledger.execute((tx) => tx.insert('Vehicle', { VIN: '1N4AL11D75C109151', Miles: 0 }));
  await ledger.execute(async (tx) => {
    const [car] = await tx.find('Vehicle', { VIN: '1N4AL11D75C109151' }); // uses the index
    await tx.update('Vehicle', car.documentId, { ...car.data, Miles: 30 });
  });
  const history = await ledger.execute((tx) => tx.history('Vehicle', { documentId: id }));
  // [{ blockAddress, hash, data: { VIN, Miles: 0 }, metadata: { id, version: 0, txTime, txId } }, … version 1]

  const { digest } = await ledger.getDigest();
  const { revision, proof } = await ledger.getRevision(history[1].blockAddress!, id);
  foldProof(revision.hash, proof); // == digest: checkable offline with the pure functions of nestjs-ledger/verify
  // #region hidden
  assert.deepEqual(history.map((r) => r.metadata?.version), [0, 1]);
  assert.deepEqual(Buffer.from(foldProof(revision.hash, proof)), Buffer.from(digest));
  // #endregion
  await ledger.close();
}

main();
// #endregion
