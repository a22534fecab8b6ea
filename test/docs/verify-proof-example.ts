import { Ledger, revisionProofFile } from 'nestjs-ledger';
import { verifyProofFile } from 'nestjs-ledger/verify';

async function main(): Promise<void> {
  const ledger = await Ledger.open({ name: 'orders', storage: { type: 'sqlite', database: 'orders.ledger' } });
  await ledger.query('CREATE TABLE Orders');
  const [{ documentId }] = (await ledger.query("INSERT INTO Orders VALUE {'sku': 'A-1', 'qty': 3}")) as Array<{ documentId: string }>;
  await ledger.query("INSERT INTO Orders VALUE {'sku': 'B-2', 'qty': 1}");

  // The server side: the revision's block, its proof, the digest and the tip block's evidence.
  const [revision] = await ledger.execute((tx) => tx.history('Orders', { documentId }));
  const digest = { ...(await ledger.getDigest()), tip: await ledger.getTipProof() };
  const file = revisionProofFile(await ledger.getBlock(revision.blockAddress!), documentId, digest);

  // The auditor's side, offline: only the file and a digest obtained elsewhere.
  const result = verifyProofFile(file, { digest: digest.digest });
  console.log(result.valid, result.binding, result.verified.tipSequenceNo === digest.digestTipAddress.sequenceNo);

  const forged = file.replace("qty:3", "qty:30");
  console.log(verifyProofFile(forged, { digest: digest.digest }).problems[0].code);
  await ledger.close();
}

void main();
