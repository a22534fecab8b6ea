// One Ledger.verify() in a fresh process, the library loaded and the ledger opened before the clock
// starts: what a program that verifies once pays, its JIT not yet warmed by earlier passes.
//   node cli-verify.child.js <ledger file>
// Prints one JSON line: { blocks, seconds } of the verify() call alone.
import { Ledger } from 'nestjs-ledger';

async function main(): Promise<void> {
  const ledger = await Ledger.openExisting({ storage: { type: 'sqlite', database: process.argv[2] } });
  try {
    const started = process.hrtime.bigint();
    const result = await ledger.verify();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (!result.valid) throw new Error(`the ledger does not verify: ${JSON.stringify(result.problems[0])}`);
    process.stdout.write(`${JSON.stringify({ blocks: result.blocksVerified, seconds })}\n`);
  } finally {
    await ledger.close();
  }
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exitCode = 1;
});
