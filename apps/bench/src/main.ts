// `npm run bench`: runs every benchmark suite, or those named on the command line
// (e.g. `npm run bench -- ion tree`), against the compiled library; a suite that is part of another
// (`commits`, of `engine`) runs only when named.
import { suites } from './suites';

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const selected = wanted.length ? suites.filter((s) => wanted.includes(s.name)) : suites.filter((s) => s.partOf === undefined);
  if (wanted.length && selected.length !== wanted.length) {
    throw new Error(`unknown suite in ${wanted.join(', ')}; known: ${suites.map((s) => s.name).join(', ')}`);
  }
  console.log(`# nestjs-ledger benchmarks (node ${process.version}, ${new Date().toISOString()})`);
  for (const suite of selected) await suite.run();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
