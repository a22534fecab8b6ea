// The writer process of the streams benchmark's cross-process lag:
//   node streams-writer.child.js <storage options as JSON> <commits per second> <seconds>
// Inserts one Item per transaction at a steady rate into the ledger's existing Item table, then
// prints as JSON its commit latencies (ms), each block's acknowledgement time (wall clock, ms) and
// the load's duration (s).
import { Ledger } from 'nestjs-ledger';
import { now, steadyLoad } from '../steady-load';

async function main(): Promise<void> {
  const [storage, perSecond, duration] = process.argv.slice(2);
  const ledger = await Ledger.open({ name: 'bench', storage: JSON.parse(storage) });
  const latencies: number[] = [];
  const acks: Array<[number, number]> = [];
  const started = process.hrtime.bigint();
  await steadyLoad(Number(perSecond), Number(duration), async (n) => {
    const issued = now();
    const { block } = await ledger.transact((tx) => tx.insert('Item', { n }));
    acks.push([block!.blockAddress.sequenceNo, now()]);
    latencies.push(now() - issued);
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await ledger.close();
  process.stdout.write(JSON.stringify({ latencies, acks, seconds }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
