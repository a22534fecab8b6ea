// One bulk operation on a journal, alone in its process so that its peak RSS is its own:
//   node memory.child.js verify <ledger file>
//   node memory.child.js export <ledger file> <new directory>
//   node memory.child.js import <export directory> <new ledger file>
// Prints one JSON line: { blocks, seconds, maxRssBytes } (process.resourceUsage().maxRSS).
import { exportJournal, importJournal, Ledger } from 'nestjs-ledger';

const FORMAT = 'ion-binary';

async function operate(operation: string, from: string, to: string): Promise<number> {
  if (operation === 'import') return (await importJournal(from, { type: 'sqlite', database: to, synchronous: 'NORMAL' })).blocksImported;
  const ledger = await Ledger.openExisting({ storage: { type: 'sqlite', database: from } });
  try {
    if (operation === 'export') return (await exportJournal(ledger, to, { format: FORMAT })).blocksExported;
    const result = await ledger.verify();
    if (!result.valid) throw new Error(`the ledger does not verify: ${JSON.stringify(result.problems[0])}`);
    return result.blocksVerified;
  } finally {
    await ledger.close();
  }
}

async function main(): Promise<void> {
  const [operation, from, to] = process.argv.slice(2);
  const started = process.hrtime.bigint();
  const blocks = await operate(operation, from, to);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  process.stdout.write(`${JSON.stringify({ blocks, seconds, maxRssBytes: process.resourceUsage().maxRSS * 1024 })}\n`);
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exitCode = 1;
});
