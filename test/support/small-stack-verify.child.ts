// A process that verifies, on a small V8 stack (node --stack-size), what makes verify()'s reads and
// anchors long: documents with many revisions each (of which verify() compares the last with the
// stored document) and a witness holding many checkpoints. Run by small-stack-verify.e2e-spec.ts:
//   node --stack-size=<KB> -r ./test/support/register-ts.js small-stack-verify.child.ts <storage JSON> <documents> <updates> <witness entries>
// It prints one JSON line: the problems verify() found, with and without the witness.
import { generateKeyPairSync } from 'node:crypto';
import { Ledger, type CheckpointWitness, type StorageOptions } from 'nestjs-ledger';

const [source, documentCount, updateCount, entryCount] = process.argv.slice(2);
const storage = JSON.parse(source) as StorageOptions;
const documents = Number(documentCount);

/** A witness that holds the same genuine checkpoint `entries` times. */
function repeatingWitness(ledger: Ledger, note: string, publicKey: CheckpointWitness['publicKey'], entries: number): CheckpointWitness {
  return {
    name: 'repeating witness',
    publicKey,
    origin: ledger.checkpointOrigin,
    read: async () => Array.from({ length: entries }, () => note),
    append: async () => undefined,
  };
}

async function main(): Promise<void> {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const ledger = await Ledger.open({ name: 'small-stack', storage, signingKey: privateKey, limits: { documentsPerTransaction: documents } });
  await ledger.execute((tx) => tx.createTable('Item'));
  const ids = await ledger.execute((tx) => Array.from({ length: documents }, (_, n) => tx.insert('Item', { n, round: 0 })));
  for (let round = 1; round <= Number(updateCount); round++) {
    await ledger.execute((tx) => Promise.all(ids.map((id, n) => tx.update('Item', id, { n, round }))));
  }
  const plain = await ledger.verify();
  const { note } = await ledger.getSignedDigest();
  const witnessed = await ledger.verify({ witness: repeatingWitness(ledger, note, publicKey, Number(entryCount)) });
  await ledger.close();
  process.stdout.write(`${JSON.stringify({ problems: plain.problems, witnessedProblems: witnessed.problems })}\n`);
}

main().catch((error: Error) => {
  process.stdout.write(`${JSON.stringify({ error: `${error.name}: ${error.message}` })}\n`);
  process.exit(1);
});
