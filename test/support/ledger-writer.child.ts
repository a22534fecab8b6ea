// A writer process for the multi-process and crash tests:
//   node -r ./test/support/register-ts.js ledger-writer.child.ts <storage options as JSON> <ack file> <commits> <concurrency> <counter id>
// Inserts documents (and increments the shared counter when given), `concurrency` at a time, and
// appends each acknowledged document id to the ack file only after `execute` resolved, then prints
// it on stdout (where a parent can count acknowledgements as they come, to kill it at a known one).
import { appendFileSync } from 'node:fs';
import { Ledger } from 'nestjs-ledger';

async function main(): Promise<void> {
  const [storage, ackFile, commits, concurrency, counterId] = process.argv.slice(2);
  const ledger = await Ledger.open({ name: 'test', storage: JSON.parse(storage) });
  let next = 0;
  const worker = async () => {
    while (next < Number(commits)) {
      const n = next++;
      const documentId = await ledger.execute(async (tx) => {
        if (counterId) {
          const counter = await tx.get('Counter', counterId);
          await tx.update('Counter', counterId, { value: (counter!.data.value as number) + 1 });
        }
        return tx.insert('Item', { pid: process.pid, n, payload: 'x'.repeat(200) });
      }, { retry: { maxRetries: 50 } });
      appendFileSync(ackFile, `${documentId}\n`);
      process.stdout.write(`${documentId}\n`);
    }
  };
  await Promise.all(Array.from({ length: Number(concurrency) }, worker));
  await ledger.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
