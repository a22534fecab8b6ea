// The check docs/bank.md asks of a client that kept a digest: the consistency proof from it to the
// current digest (what /audit/consistency answers, here from the ledger itself) shows the ledger only
// appended since.
// #region hidden
import { strict as assert } from 'node:assert';
import { Ledger } from 'nestjs-ledger';
import { verifyConsistency } from 'nestjs-ledger/verify';

async function main() {
  const ledger = await Ledger.open({ name: 'bank', storage: { type: 'sqlite', database: 'bank.ledger' } });
  await ledger.execute((tx) => tx.createTable('Account'));
  const kept = await ledger.getDigest();
  const [keptDigest, T] = [kept.digest, kept.digestTipAddress.sequenceNo];
  await ledger.execute((tx) => tx.insert('Account', { owner: 'Ann' }));
  await ledger.execute((tx) => tx.insert('Account', { owner: 'Bob' }));
  const answer = await ledger.getConsistencyProof(kept.digestTipAddress);
  const [newDigest, newTip, proof] = [answer.newDigest.digest, answer.newDigest.digestTipAddress.sequenceNo, answer.proof];
  await ledger.close();
  assert.equal(
    // #endregion
    // #region check
    verifyConsistency(keptDigest, T + 1, newDigest, newTip + 1, proof) // true
    // #endregion
    // #region hidden
    , true,
  );
  assert.equal(verifyConsistency(newDigest, T + 1, newDigest, newTip + 1, proof), false);
}

main();
// #endregion
