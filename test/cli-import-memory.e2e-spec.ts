// `ledger import` streams its data files: an export of a ledger with large documents (one data
// file of ~48 MiB, in each format) imports with the V8 heap capped at 64 MiB, and the importing
// process's peak RSS exceeds that of importing a tiny export by less than twice the file's size
// (measured with process.resourceUsage in the child, so the numbers are the real CLI's). Reading
// files whole ran out of heap on Ion text and JSON, and grew ~2.5x the file on Ion binary.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJournal, Ledger, type ExportFormat } from 'nestjs-ledger';
import { buildCli } from './support/cli';
import { QLDB_EXPORT_DIR } from './support/vectors';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const dev = require('../apps/cli/ledger-dev.js') as { entry: string };

const directory = mkdtempSync(join(tmpdir(), 'ledger-import-memory-'));
const hook = join(directory, 'max-rss.js');
const DOCUMENTS = 48;
const DOCUMENT_BYTES = 1 << 20;
let ledger: Ledger;
let n = 0;

/** Runs `ledger import <from> <new file>` and resolves with its exit code and peak RSS in bytes. */
function importPeak(from: string): Promise<{ code: number; maxRss: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--max-old-space-size=64', '--require', hook, dev.entry, 'import', from, join(directory, `import-${n++}.ledger`)], { stdio: 'pipe' });
    let stderr = '';
    child.stdout.resume();
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const rss = /max-rss=(\d+)/.exec(stderr);
      resolve({ code: code ?? -1, maxRss: rss ? Number(rss[1]) * 1024 : NaN, stderr });
    });
  });
}

beforeAll(async () => {
  buildCli();
  writeFileSync(hook, "process.on('exit', () => process.stderr.write(`max-rss=${process.resourceUsage().maxRSS}\\n`));\n");
  ledger = await Ledger.open({ name: 'big', storage: { type: 'sqlite', database: join(directory, 'big.ledger') }, limits: { documentBytes: 2 * DOCUMENT_BYTES } });
  await ledger.query('CREATE TABLE Scans');
  for (let i = 0; i < DOCUMENTS; i++) await ledger.query('INSERT INTO Scans ?', { page: i, text: `${i}`.padEnd(DOCUMENT_BYTES, 'abcdefgh') });
});

afterAll(async () => {
  await ledger.close();
  rmSync(directory, { recursive: true, force: true });
});

describe('ledger import memory', () => {
  it.each<ExportFormat>(['ion-text', 'ion-binary', 'json'])('imports a %s data file of tens of MiB with bounded memory', async (format) => {
    const exported = join(directory, `export-${format}`);
    await exportJournal(ledger, exported, { format, maxFileBytes: 1 << 30 });
    const dataFiles = readdirSync(exported).filter((name) => !name.endsWith('.manifest'));
    expect(dataFiles).toHaveLength(1);
    const fileBytes = statSync(join(exported, dataFiles[0])).size;
    expect(fileBytes).toBeGreaterThan(DOCUMENTS * DOCUMENT_BYTES);
    const small = await importPeak(QLDB_EXPORT_DIR);
    const big = await importPeak(exported);
    expect([small.code, big.code, big.stderr.replace(/max-rss=\d+\n/, '')]).toEqual([0, 0, '']);
    const growth = big.maxRss - small.maxRss;
    process.stdout.write(`${format}: ${fileBytes} bytes, peak RSS ${small.maxRss} -> ${big.maxRss} (growth ${growth})\n`);
    expect(growth).toBeLessThan(2 * fileBytes);
  });
});
