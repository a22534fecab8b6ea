// Benchmarks of the bulk work on every core, in blocks/s, on the SQLite ledger of the cli suite
// (1 KB documents): verify(), an Ion binary import and an export (Ion binary, Ion text, JSON) in
// this thread (workers: 0) and on a worker per core, taken in turn twice, each beside the
// single-thread figure and beside the baseline of hashing the same blocks alone (ionHash and dot,
// block-hashing.ts) on every core. As rates on a machine whose cores are busy with other work say
// little about using them, the CPU time per block (the process's and the calling thread's) is
// printed too, with the rate it allows. Last, a backup of the ledger beside copying its file.
import { closeSync, copyFileSync, fsyncSync, mkdtempSync, openSync, readFileSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { EXPORT_FORMATS, exportJournal, importJournal, Ledger, type ExportFormat } from 'nestjs-ledger';
import { compare, figure, measure, report, section, type Measurement } from '../bench-harness';
import { hashBlock, readAllBlocks } from './block-hashing';
import { BLOCKS, buildLedger } from './cli.bench';
import type { BenchSuite } from './index';

const ROUNDS = 2;

async function run(): Promise<void> {
  const cores = availableParallelism();
  section(`Verify, import and export on every core (${BLOCKS.toLocaleString('en-US')} blocks of 1 KB documents, SQLite, ${cores} cores)`);
  const directory = mkdtempSync(join(tmpdir(), 'ledger-bench-bulk-'));
  try {
    const source = join(directory, 'source.ledger');
    await buildLedger(source);
    const blocks = await readAllBlocks(source);
    const hashOne = await measureBlocks('hash the same blocks alone, 1 thread', () => blocks.forEach(hashBlock));
    report(hashOne);
    const hashAll = await hashOnWorkers(source, cores, hashOne);
    compare(hashAll, hashOne);
    const ledger = await Ledger.openExisting({ storage: { type: 'sqlite', database: source } });
    const sample = join(directory, 'sample');
    let n = 0;
    /** One export into a directory of its own, removed afterwards (so that the disk does not fill up). */
    const exportOnce = async (format: ExportFormat, workers: number) => {
      const into = join(directory, `e-${n++}`);
      await exportJournal(ledger, into, { format, workers });
      rmSync(into, { recursive: true, force: true });
    };
    await exportJournal(ledger, sample, { format: 'ion-binary' });
    section('CPU per block (process and calling thread; what the rates above become on free cores, whatever the load)');
    const hashCpu = await cpuPerBlock('hash the same blocks alone', async () => blocks.forEach(hashBlock), 1);
    for (const [i, workers] of [0, cores, 0, cores].entries()) {
      const where = `${workers ? `${workers} workers` : 'this thread'} (round ${Math.floor(i / 2) + 1})`;
      cpuRatio(await cpuPerBlock(`verify(), ${where}`, () => ledger.verify({ workers }), cores), hashCpu);
      cpuRatio(await cpuPerBlock(`import ion-binary, ${where}`, () => importJournal(sample, { type: 'sqlite', database: join(directory, `i-${n++}`) }, { workers }), cores), hashCpu);
      for (const format of EXPORT_FORMATS) cpuRatio(await cpuPerBlock(`export ${format}, ${where}`, () => exportOnce(format, workers), cores), hashCpu);
    }
    section('Rates, this thread and on workers taken in turn');
    for (let round = 1; round <= ROUNDS; round++) {
      const verifyOne = await measureBlocks(`verify(), this thread (round ${round})`, () => ledger.verify({ workers: 0 }));
      const verifyAll = await measureBlocks(`verify(), ${cores} workers (round ${round})`, () => ledger.verify({ workers: cores }));
      compare(verifyAll, verifyOne);
      compare(verifyAll, hashAll);
      const importOne = await measureBlocks(`import ion-binary, this thread (round ${round})`, () => importJournal(sample, { type: 'sqlite', database: join(directory, `i-${n++}`) }, { workers: 0 }));
      const importAll = await measureBlocks(`import ion-binary, ${cores} workers (round ${round})`, () => importJournal(sample, { type: 'sqlite', database: join(directory, `i-${n++}`) }, { workers: cores }));
      compare(importAll, importOne);
      compare(importAll, hashAll);
      const exportOne = await measureBlocks(`export ion-binary, this thread (round ${round})`, () => exportOnce('ion-binary', 0));
      const exportAll = await measureBlocks(`export ion-binary, ${cores} workers (round ${round})`, () => exportOnce('ion-binary', cores));
      compare(exportAll, exportOne);
      compare(exportAll, hashAll);
    }
    await compareBackup(ledger, source, () => join(directory, `b-${n++}.ledger`));
    await ledger.close();
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/** `ledger.backup` of the whole ledger beside copying its file with node:fs and syncing the copy, in blocks/s; each copy removed. */
async function compareBackup(ledger: Ledger, source: string, newPath: () => string): Promise<void> {
  section('Backup of an SQLite ledger in use (VACUUM INTO a new file, checked, placed)');
  figure('ledger file', `${(statSync(source).size / 1e6).toFixed(1)} MB`);
  const backup = await measureBlocks('ledger.backup', async () => {
    const file = newPath();
    await ledger.backup(file);
    rmSync(file);
  });
  const copy = await measureBlocks('copy the file (node:fs, synced)', () => {
    const file = newPath();
    copyFileSync(source, file);
    const fd = openSync(file, 'r+');
    fsyncSync(fd);
    closeSync(fd);
    rmSync(file);
  });
  compare(backup, copy);
}

/** One whole pass over the journal per call, reported in blocks per second. */
function measureBlocks(label: string, pass: () => unknown): Promise<Measurement> {
  return measure(label, pass, { seconds: 3, opsPerCall: BLOCKS, warmupCalls: 1 });
}

/** CPU time of a pass, per block: the whole process's, and the calling thread's (Linux: /proc/thread-self). */
interface CpuPerBlock {
  label: string;
  processMicros: number;
  threadMicros: number | undefined;
}

/** Runs `pass` twice to warm up, then three times, and prints the CPU per block and the rate it allows on `cores` free cores. */
async function cpuPerBlock(label: string, pass: () => Promise<unknown>, cores: number): Promise<CpuPerBlock> {
  await pass();
  await pass();
  const [processBefore, threadBefore] = [process.cpuUsage(), threadCpuMicros()];
  for (let i = 0; i < 3; i++) await pass();
  const used = process.cpuUsage(processBefore);
  const threadAfter = threadCpuMicros();
  const processMicros = (used.user + used.system) / (3 * BLOCKS);
  const threadMicros = threadBefore === undefined || threadAfter === undefined ? undefined : (threadAfter - threadBefore) / (3 * BLOCKS);
  const bound = 1e6 / Math.max(threadMicros ?? 0, processMicros / cores);
  const thread = threadMicros === undefined ? '' : `, this thread ${threadMicros.toFixed(0)} µs`;
  figure(`${label}: CPU per block`, `${processMicros.toFixed(0)} µs${thread}; on ${cores} free core${cores > 1 ? 's' : ''} at most ${Math.round(bound).toLocaleString('en-US')} blocks/s`);
  return { label, processMicros, threadMicros };
}

/** The CPU a pass takes per block beside what hashing alone takes. */
function cpuRatio(ours: CpuPerBlock, hashing: CpuPerBlock): void {
  figure(`  ${ours.label} / hashing alone (CPU)`, `${(ours.processMicros / hashing.processMicros).toFixed(2)}x the CPU`);
}

/** The calling thread's CPU time in µs, from /proc (clock ticks of 10 ms); undefined where there is none. */
function threadCpuMicros(): number | undefined {
  try {
    const fields = readFileSync('/proc/thread-self/stat', 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10_000;
  } catch {
    return undefined;
  }
}

/** The hashing baseline on `count` worker threads at once, each hashing every block for about 3 s. */
async function hashOnWorkers(source: string, count: number, single: Measurement): Promise<Measurement> {
  const workers = Array.from({ length: count }, () => new Worker(join(__dirname, 'hash-baseline.worker.js'), { workerData: source }));
  try {
    const answers = (worker: Worker) => new Promise<void>((resolve, reject) => worker.once('message', () => resolve()).once('error', reject));
    await Promise.all(workers.map(answers));
    const pass = async (rounds: number) => {
      const done = Promise.all(workers.map(answers));
      workers.forEach((worker) => worker.postMessage(rounds));
      await done;
    };
    await pass(1);
    const rounds = Math.max(1, Math.round((3 * single.opsPerSecond) / BLOCKS));
    const started = process.hrtime.bigint();
    await pass(rounds);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const blocksHashed = count * rounds * BLOCKS;
    return { label: `hash the same blocks alone, ${count} threads`, opsPerSecond: blocksHashed / seconds, microsPerOp: (seconds * 1e6) / blocksHashed };
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

export const bulkSuite: BenchSuite = { name: 'bulk', run };
