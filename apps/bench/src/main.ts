// `npm run bench`: runs every benchmark suite, or those named on the command line
// (e.g. `npm run bench -- ion tree`), against the compiled library.
import { suites } from './suites';

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const selected = wanted.length ? suites.filter((s) => wanted.includes(s.name)) : suites;
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
