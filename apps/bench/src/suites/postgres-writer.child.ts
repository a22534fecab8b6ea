// One writer process of the PostgreSQL benchmark:
//   node postgres-writer.child.js <storage options as JSON> <callers> <seconds> <warm-up seconds>
// Opens the ledger and warms up (the same inserts for the warm-up seconds), prints "ready", waits
// for a line on stdin (the common start), then runs `callers` concurrent loops of 1 KB inserts for `seconds` and prints
// { commits, seconds, blocks, batches, cpuMicros } as JSON (cpuMicros: this process's CPU time
// over those seconds).
import { once } from 'node:events';
import { Ledger } from 'nestjs-ledger';
import { kilobyteDocument } from './engine.bench';

async function main(): Promise<void> {
  const [storage, callers, seconds, warmUpSeconds] = process.argv.slice(2);
  const ledger = await Ledger.open({ name: 'bench', storage: JSON.parse(storage) });
  let n = 0;
  const insert = () => ledger.execute((tx) => tx.insert('Account', kilobyteDocument(n++)));
  let commits = 0;
  const loopUntil = (deadline: number) => async () => {
    while (Date.now() < deadline) {
      await insert();
      commits++;
    }
  };
  await Promise.all(Array.from({ length: Number(callers) }, loopUntil(Date.now() + Number(warmUpSeconds) * 1000)));
  process.stdout.write('ready\n');
  await once(process.stdin, 'data');
  const started = Date.now();
  const before = ledger.commitStats;
  const cpuBefore = process.cpuUsage();
  commits = 0;
  await Promise.all(Array.from({ length: Number(callers) }, loopUntil(started + Number(seconds) * 1000)));
  const elapsed = (Date.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const { blocks, batches } = ledger.commitStats;
  await ledger.close();
  process.stdout.write(JSON.stringify({ commits, seconds: elapsed, blocks: blocks - before.blocks, batches: batches - before.batches, cpuMicros: cpu.user + cpu.system }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
