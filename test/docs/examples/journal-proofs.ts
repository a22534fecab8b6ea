// The journal's pure functions: verifying blocks and chains, the ledger tree's digests, inclusion and
// consistency proofs, and signed digests, on blocks taken from a ledger.
// #region hidden
import { strict as assert } from 'node:assert';
import { generateKeyPairSync } from 'node:crypto';
import { Ledger, signDigest, type Block } from 'nestjs-ledger';
import { foldProof, LedgerTree, revisionProof, verifyBlock, verifyChain, verifyConsistency, verifySignedDigest } from 'nestjs-ledger/verify';

async function journal(): Promise<{ blocks: Block[]; documentId: string }> {
  const ledger = await Ledger.open({ name: 'dmv', storage: { type: 'sqlite', database: ':memory:' } });
  await ledger.execute((tx) => tx.createTable('Vehicle'));
  const documentId = await ledger.execute((tx) => tx.insert('Vehicle', { VIN: '1N4AL11D75C109151' }));
  await ledger.execute((tx) => tx.insert('Vehicle', { VIN: 'KM8SRDHF6EU074761' }));
  const { digestTipAddress } = await ledger.getDigest();
  const blocks: Block[] = [];
  for (let sequenceNo = 0; sequenceNo <= digestTipAddress.sequenceNo; sequenceNo++) {
    blocks.push((await ledger.getBlock({ ...digestTipAddress, sequenceNo })).block);
  }
  await ledger.close();
  return { blocks, documentId };
}

async function main() {
  const { blocks, documentId } = await journal();
  const block = blocks[2];
  const revision = block.revisions![0];
  const [oldTip, newTip] = [1, 3];
  // #endregion
  // #region verify
  verifyBlock(block);   // { valid, problems: [{ code, message, sequenceNo }] }
  verifyChain(blocks);  // every block, then each link, dense sequence numbers, one strand
  // #endregion
  // #region hidden
  assert.equal(verifyBlock(block).valid, true);
  assert.equal(verifyChain(blocks).valid, true);
  // #endregion
  // #region tree
  const tree = new LedgerTree();
  for (const block of blocks) tree.append(block.blockHash);
  const digest = tree.digest();

  const blockProof = tree.inclusionProof(block.blockAddress.sequenceNo);       // to the digest
  foldProof(block.blockHash, blockProof);                                      // == digest
  const proof = revisionProof(block, documentId, blockProof);                  // revision → digest
  foldProof(revision.hash, proof);                                             // == digest

  const [oldDigest, newDigest] = [tree.digest(oldTip), tree.digest(newTip)];
  const consistency = tree.consistencyProof(oldTip, newTip);                   // RFC 9162, with dot
  verifyConsistency(oldDigest, oldTip + 1, newDigest, newTip + 1, consistency); // true: only appended
  // #endregion
  // #region hidden
  assert.deepEqual(foldProof(block.blockHash, blockProof), digest);
  assert.deepEqual(foldProof(revision.hash, proof), digest);
  assert.equal(verifyConsistency(oldDigest, oldTip + 1, newDigest, newTip + 1, consistency), true);
  // #endregion
  // #region signed-digest
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const origin = 'bank.example/ledger/2H4lOoJkXuWSz0Rs5LVwhJ'; // a ledger signs <name>/<strandId>
  const note = signDigest({ origin, treeSize: 42, digest }, privateKey);
  verifySignedDigest(note, publicKey, { origin }); // { origin, treeSize, digest }; SignatureError, or OriginMismatchError for another ledger's note
  // #endregion
  // #region hidden
  assert.deepEqual(verifySignedDigest(note, publicKey, { origin }).digest, digest);
  assert.throws(() => verifySignedDigest(note, publicKey, { origin: 'another/ledger' }));
}

main();
// #endregion
