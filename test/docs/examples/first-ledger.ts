// The README's example: a ledger on an SQLite file, PartiQL, a document's history, and a proof of
// one revision that an auditor checks offline against the digest they hold.
// #region example
// #region hidden
import { strict as assert } from 'node:assert';
// #endregion
import { Ledger, revisionProofFile, type BlockAddress } from 'nestjs-ledger';
import { verifyProofFile } from 'nestjs-ledger/verify';

async function main() {
  const ledger = await Ledger.open({ name: 'dmv', storage: { type: 'sqlite', database: 'dmv.ledger' } });
  await ledger.query('CREATE TABLE Vehicle');
  const [{ documentId }] = await ledger.query<{ documentId: string }>("INSERT INTO Vehicle VALUE {'VIN': '1N4AL11D75C109151', 'Miles': 0}");
  await ledger.query('UPDATE Vehicle AS v BY id SET v.Miles = 30 WHERE id = ?', documentId);
  const history = await ledger.query<{ blockAddress: BlockAddress; Miles: number }>('SELECT h.blockAddress, h.data.Miles FROM history(Vehicle) AS h WHERE h.metadata.id = ?', documentId);
  // [{ blockAddress: { strandId, sequenceNo: 2 }, Miles: 0 }, { blockAddress: { …, sequenceNo: 3 }, Miles: 30 }]

  // version 0 with its block and proof, bound to the digest: the auditor needs neither server nor database
  const digest = { ...(await ledger.getDigest()), tip: await ledger.getTipProof() };
  const file = revisionProofFile(await ledger.getBlock(history[0].blockAddress), documentId, digest);
  const checked = verifyProofFile(file, { digest: digest.digest }); // { valid: true, verified, warnings, … }
  const verified = await ledger.verify(); // every stored block, revision, tree node and index re-hashed
  await ledger.close();
  // #region hidden
  assert.deepEqual(history.map((row) => (row as { Miles: number }).Miles), [0, 30]);
  assert.equal(checked.valid, true);
  assert.equal(verifyProofFile(file.replace('Miles:0', 'Miles:1'), { digest: digest.digest }).valid, false);
  assert.equal(verified.valid, true);
  // #endregion
}

main();
// #endregion
