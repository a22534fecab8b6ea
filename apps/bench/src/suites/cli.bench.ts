// Benchmarks of export, import and verification, in blocks/s, on an SQLite ledger of 1 KB
// documents: export (library call and `ledger export` as a child process) beside writing the same
// bytes to files with node:fs; import (library and `ledger import`) beside reading those files
// back (with the CPU one imported block cost), and Ion text import beside Ion binary import;
// `ledger verify` beside Ledger.verify() in the same process (warmed up by earlier passes) and
// beside the first Ledger.verify() of a fresh process (cli-verify.child.ts), which pays the same
// JIT warm-up as the command does.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJournal, importJournal, Ledger, type ExportFormat } from 'nestjs-ledger';
import { compare, figure, measure, section, type Measurement } from '../bench-harness';
import { kilobyteDocument } from './engine.bench';
import type { BenchSuite } from './index';

export const BLOCKS = 3_000;
const CLI = join(process.cwd(), 'dist/apps/cli/main.js');

async function run(): Promise<void> {
  section(`Export, import and verify (${BLOCKS.toLocaleString('en-US')} blocks of 1 KB documents, SQLite)`);
  const directory = mkdtempSync(join(tmpdir(), 'ledger-bench-cli-'));
  try {
    const source = join(directory, 'source.ledger');
    await buildLedger(source);
    let n = 0;
    const samples = new Map<ExportFormat, string>();
    const fresh = (name: string) => join(directory, `${name}-${n++}`);
    for (const format of ['ion-text', 'ion-binary', 'json'] as ExportFormat[]) {
      const sample = fresh(`sample-${format}`);
      samples.set(format, sample);
      const ledger = await Ledger.openExisting({ storage: { type: 'sqlite', database: source } });
      await exportJournal(ledger, sample, { format });
      const files = readdirSync(sample).map((name) => readFileSync(join(sample, name)));
      const bytes = files.reduce((sum, file) => sum + file.length, 0);
      figure(`export size (${format})`, `${(bytes / 2 ** 20).toFixed(1)} MB in ${files.length - 2} data file${files.length === 3 ? '' : 's'}`);
      const rawWrite = await measureBlocks(`write the same bytes (node:fs)`, () => writeAll(fresh('raw'), files));
      compare(await measureBlocks(`exportJournal ${format}`, () => exportJournal(ledger, fresh('export'), { format })), rawWrite);
      await ledger.close();
      compare(await measureBlocks(`ledger export --format ${format} (CLI)`, () => cli('export', source, fresh('cli-export'), '--format', format)), rawWrite);
      const rawRead = await measureBlocks(`read the same bytes (node:fs)`, () => readdirSync(sample).map((name) => readFileSync(join(sample, name))));
      compare(await measureBlocksWithCpu(`importJournal ${format}`, () => importJournal(sample, { type: 'sqlite', database: fresh('import.ledger') })), rawRead);
      compare(await measureBlocks(`ledger import ${format} (CLI)`, () => cli('import', sample, fresh('cli-import.ledger'))), rawRead);
    }
    // Ion text beside Ion binary once every import path has run (the first import of a process also compiles it)
    const warmImport = (format: ExportFormat) =>
      measureBlocksWithCpu(`importJournal ${format} (warm)`, () => importJournal(samples.get(format) as string, { type: 'sqlite', database: fresh('import.ledger') }));
    const binaryImport = await warmImport('ion-binary');
    compare(await warmImport('ion-text'), binaryImport);
    const inProcess = await Ledger.openExisting({ storage: { type: 'sqlite', database: source } });
    const warmVerify = await measureBlocks('Ledger.verify() in process', () => inProcess.verify());
    await inProcess.close();
    const [cliVerify, firstVerify] = measureColdVerifies(source);
    compare(cliVerify, warmVerify);
    compare(cliVerify, firstVerify);
    compare(firstVerify, warmVerify);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/** A ledger of BLOCKS blocks: one table, inserts committed 50 at a time concurrently (group commit). */
export async function buildLedger(path: string): Promise<void> {
  const ledger = await Ledger.open({ name: 'bench', storage: { type: 'sqlite', database: path, synchronous: 'NORMAL' } });
  await ledger.query('CREATE TABLE Account');
  for (let n = 0; n < BLOCKS - 2; n += 50) {
    const inserts = Array.from({ length: Math.min(50, BLOCKS - 2 - n) }, (_, i) => ledger.execute((tx) => tx.insert('Account', kilobyteDocument(n + i))));
    await Promise.all(inserts);
  }
  await ledger.close();
}

/** One whole pass over the journal per call, reported in blocks per second. */
function measureBlocks(label: string, pass: () => unknown): Promise<Measurement> {
  return measure(label, pass, { seconds: 3, opsPerCall: BLOCKS, warmupCalls: 1 });
}

/** measureBlocks, printing too the CPU one block cost this process (all its threads): on a loaded machine it moves less than the rate. */
async function measureBlocksWithCpu(label: string, pass: () => unknown): Promise<Measurement> {
  let passes = 0;
  const before = process.cpuUsage();
  const measurement = await measureBlocks(label, () => (passes++, pass()));
  const { user, system } = process.cpuUsage(before);
  figure(`  CPU per block (${label})`, `${((user + system) / (passes * BLOCKS)).toFixed(1)} µs`);
  return measurement;
}

/**
 * `ledger verify` (the whole child process) and the first verify() of a fresh process (the call
 * alone, library loaded and ledger open: cli-verify.child.ts) in blocks/s, taking turns for about
 * 8 s after one warm-up each, so that a burst of load on a shared machine slows both alike.
 */
function measureColdVerifies(source: string): Measurement[] {
  const variants: Array<[string, () => number]> = [
    ['ledger verify (CLI, a child process)', () => secondsOf(() => cli('verify', source))],
    ['first Ledger.verify() of a process', () => firstVerifySeconds(source)],
  ];
  variants.forEach(([, seconds]) => seconds());
  const total = variants.map(() => 0);
  let rounds = 0;
  const started = Date.now();
  do {
    variants.forEach(([, seconds], i) => (total[i] += seconds()));
    rounds++;
  } while (Date.now() - started < 8_000);
  return variants.map(([label], i) => ({ label, opsPerSecond: (rounds * BLOCKS) / total[i], microsPerOp: (total[i] * 1e6) / (rounds * BLOCKS) }));
}

function firstVerifySeconds(source: string): number {
  const output = execFileSync(process.execPath, [join(__dirname, 'cli-verify.child.js'), source], { encoding: 'utf8' });
  return (JSON.parse(output) as { seconds: number }).seconds;
}

function secondsOf(run: () => void): number {
  const started = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - started) / 1e9;
}

function writeAll(directory: string, files: Buffer[]): void {
  mkdirSync(directory, { recursive: true });
  files.forEach((file, i) => writeFileSync(join(directory, `file-${i}`), file));
}

function cli(...args: string[]): void {
  execFileSync(process.execPath, [CLI, ...args], { stdio: 'pipe' });
}

export const cliSuite: BenchSuite = { name: 'cli', run };
