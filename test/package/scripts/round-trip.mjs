// Run inside an application that installed the packed nestjs-ledger (ES module import): opens a
// ledger on the SQLite file named by the first argument, writes and updates a document, proves its
// first revision with a proof file checked by nestjs-ledger/verify (and a tampered copy refused),
// verifies the ledger in this thread and on a worker thread (whose file resolves from the package),
// commits to a second ledger from its write thread (whose file resolves from the package too),
// closes the ledgers, and prints a JSON report.
import { Ledger, revisionProofFile } from 'nestjs-ledger';
import { verifyProofFile } from 'nestjs-ledger/verify';

async function main(database) {
  const ledger = await Ledger.open({ name: 'packed', storage: { type: 'sqlite', database } });
  await ledger.query('CREATE TABLE Vehicle');
  const [{ documentId }] = await ledger.query("INSERT INTO Vehicle VALUE {'VIN': 'KM8SRDHF6EU074761', 'Miles': 0}");
  await ledger.query('UPDATE Vehicle AS v BY id SET v.Miles = 30 WHERE id = ?', documentId);
  const [first] = await ledger.query('SELECT h.blockAddress FROM history(Vehicle) AS h WHERE h.metadata.id = ?', documentId);
  const digest = { ...(await ledger.getDigest()), tip: await ledger.getTipProof() };
  const file = revisionProofFile(await ledger.getBlock(first.blockAddress), documentId, digest);
  const report = {
    moduleSystem: 'esm',
    proofValid: verifyProofFile(file, { digest: digest.digest }).valid,
    tamperedProofValid: verifyProofFile(file.replace('Miles:0', 'Miles:1'), { digest: digest.digest }).valid,
    ledgerValid: (await ledger.verify()).valid,
    ledgerValidOnWorkers: (await ledger.verify({ workers: 1 })).valid,
    pipelinedValid: await pipelinedCommits(`${database}.threaded`),
  };
  await ledger.close();
  console.log(JSON.stringify(report));
}

/** Concurrent inserts into a ledger written from its write thread (whose file resolves from the package): whether it then verifies. */
async function pipelinedCommits(database) {
  const ledger = await Ledger.open({ name: 'packed', storage: { type: 'sqlite', database, writerThread: true } });
  await ledger.query('CREATE TABLE Payment');
  await Promise.all(Array.from({ length: 16 }, (_, n) => ledger.execute((tx) => tx.insert('Payment', { n }))));
  const valid = (await ledger.verify()).valid;
  await ledger.close();
  return valid;
}

main(process.argv[2]).catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
