// Redacting a past revision, as QLDB's REDACT_REVISION did: through the API or PartiQL, its data
// gone and its hash kept, the request recorded by a block, proofs and verify() still valid.
// #region example
// #region hidden
import { strict as assert } from 'node:assert';
// #endregion
import { Ledger, type BlockAddress } from 'nestjs-ledger';
import { foldProof } from 'nestjs-ledger/verify';

async function main() {
  const ledger = await Ledger.open({ name: 'hr', storage: { type: 'sqlite', database: 'hr.ledger' } });
  const [{ tableId }] = await ledger.query<{ tableId: string }>('CREATE TABLE Person');
  const [{ documentId }] = await ledger.query<{ documentId: string }>("INSERT INTO Person VALUE {'name': 'Ana', 'ssn': '078-05-1120'}");
  await ledger.query("UPDATE Person AS p BY id SET p.ssn = 'withheld' WHERE id = ?", documentId);
  const [first] = await ledger.query<{ blockAddress: BlockAddress }>('SELECT h.blockAddress FROM history(Person) AS h WHERE h.metadata.id = ? AND h.metadata.version = 0', documentId);

  const redaction = await ledger.redactRevision(first.blockAddress, tableId, documentId);
  // { blockAddress, tableId, documentId, version: 0, redactionBlockAddress, scrub: { steps, remains: [] } }
  // or, in PartiQL: EXEC REDACT_REVISION `{strandId: "…", sequenceNo: 2}`, '<tableId>', '<documentId>'

  const [v0] = await ledger.query<{ data?: unknown; dataHash?: Uint8Array }>('SELECT h.data, h.dataHash FROM history(Person) AS h WHERE h.metadata.id = ? AND h.metadata.version = 0', documentId);
  const { revision, proof } = await ledger.getRevision(first.blockAddress, documentId); // the same hash, the same proof
  const { digest } = await ledger.getDigest();
  const verified = await ledger.verify(); // a redaction no block records would be REDACTION_UNRECORDED
  await ledger.close();
  // #region hidden
  assert.equal(redaction.version, 0);
  assert.deepEqual(redaction.scrub.remains, []);
  assert.equal(v0.data, undefined);
  assert.equal(v0.dataHash?.length, 32);
  assert.equal(revision.data, undefined);
  assert.deepEqual(foldProof(revision.hash, proof), digest);
  assert.equal(verified.valid, true);
  // #endregion
}

main();
// #endregion
