// A process committing one transaction of many documents and events, run by
// large-transaction.e2e-spec.ts on a small V8 stack (node --stack-size), so that any step whose
// stack use grows with the transaction's size (an array spread into a call's arguments) overflows
// here at a size a test can afford:
//   node --stack-size=<KB> -r ./test/support/register-ts.js large-transaction.child.ts <storage JSON> <import storage JSON> <export directory> <documents>
// It writes the transaction into a new ledger (an indexed table), verifies it, exports it, imports
// the export into a second ledger and verifies that, and prints one JSON line of what it found.
import { exportJournal, importJournal, Ledger, type StorageOptions } from 'nestjs-ledger';

const [source, target, exported, count] = process.argv.slice(2);
const storage = JSON.parse(source) as StorageOptions;
const importStorage = JSON.parse(target) as StorageOptions;
const documents = Number(count);

async function main(): Promise<void> {
  const limits = { documentsPerTransaction: documents };
  const ledger = await Ledger.open({ name: 'large', storage, limits });
  await ledger.execute((tx) => (tx.createTable('Item'), tx.createIndex('Item', 'n')));
  await ledger.execute((tx) => {
    for (let n = 0; n < documents; n++) tx.insert('Item', { n });
    tx.appendEvents(Array.from({ length: documents }, (_, n) => ({ type: 'Counted', n })));
  });
  const verified = await ledger.verify();
  const [{ found }] = (await ledger.query('SELECT COUNT(*) AS found FROM Item WHERE n >= 0')) as Array<{ found: number }>;
  await exportJournal(ledger, exported, { format: 'ion-binary' });
  const digest = await ledger.getDigest();
  await ledger.close();
  await importJournal(exported, importStorage);
  const imported = await Ledger.openExisting({ storage: importStorage });
  const importedVerified = await imported.verify();
  const sameDigest = Buffer.from((await imported.getDigest()).digest).equals(Buffer.from(digest.digest));
  await imported.close();
  process.stdout.write(`${JSON.stringify({ found, problems: verified.problems, importedProblems: importedVerified.problems, sameDigest })}\n`);
}

main().catch((error: Error) => {
  process.stdout.write(`${JSON.stringify({ error: `${error.name}: ${error.message}`, cause: String((error as { cause?: unknown }).cause ?? '') })}\n`);
  process.exit(1);
});
