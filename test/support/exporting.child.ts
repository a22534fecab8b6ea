// A process exporting a ledger in Ion binary, data files of about 4 KB, that stops for good at a
// known point of it:
//   node -r ./test/support/register-ts.js exporting.child.ts <ledger file> <export directory>
// fs.renameSync is wrapped (here only, the library is as shipped): just before the export renames
// its second data file into place (the first renamed, the second written whole under its temporary
// name), it prints one JSON line (the rename) and blocks until killed. Should the export end
// first, it prints { "exported": n }.
import fs from 'node:fs';
import { exportJournal, Ledger } from 'nestjs-ledger';

const [database, directory] = process.argv.slice(2);
const rename = fs.renameSync;
let dataFileRenames = 0;

fs.renameSync = ((from: fs.PathLike, to: fs.PathLike) => {
  if (String(to).endsWith('.ion') && ++dataFileRenames === 2) {
    fs.writeSync(1, `${JSON.stringify({ from: String(from), to: String(to) })}\n`);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0); // no timeout: until killed
  }
  rename(from, to);
}) as typeof fs.renameSync;

async function main(): Promise<void> {
  const ledger = await Ledger.openExisting({ storage: { type: 'sqlite', database } });
  const { blocksExported } = await exportJournal(ledger, directory, { format: 'ion-binary', maxFileBytes: 4_000, workers: 0 });
  await ledger.close();
  fs.writeSync(1, `${JSON.stringify({ exported: blocksExported })}\n`);
}

main().catch((error: Error) => {
  fs.writeSync(1, `${JSON.stringify({ error: `${error.name}: ${error.message}` })}\n`);
  process.exit(1);
});
