// Benchmarks of the ledger engine on an SQLite file at the default durability (WAL, synchronous
// FULL): 1 KB document inserts with 1 and 32 concurrent callers beside raw better-sqlite3 writing the
// same bytes in single-row transactions at the same setting, and beside raw better-sqlite3 writing the
// rows the ledger wrote for the same blocks (ledger-row-replay.ts); the same inserts with the ledger's
// write thread (storage.writerThread, commits pipelined) beside both; the same inserts under OpenTelemetry
// (no provider, a no-op tracer, the SDK recording); getRevision with its proof at 10k and 1M
// blocks; and verify() throughput.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { metrics, trace } from '@opentelemetry/api';
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { AlwaysOffSampler, BasicTracerProvider, BatchSpanProcessor, InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import Database from 'better-sqlite3';
import { Ledger, toIon, type BlockAddress, type IonStructObject } from 'nestjs-ledger';
import { compare, figure, measure, report, section, type Measurement } from '../bench-harness';
import { blockRowsOf, replayBlockRows } from './ledger-row-replay';
import type { BenchSuite } from './index';

const SCALE_DIR = join(process.cwd(), '.tmp', 'bench');

/** A 1 KB account document (about 1,000 bytes as Ion binary). */
export function kilobyteDocument(n: number): IonStructObject {
  const document: IonStructObject = { accountId: `ACC-${n}`, owner: 'Jane Q. Customer', balance: n, currency: 'EUR' };
  for (let i = 0; i < 16; i++) document[`attribute${i}`] = `value-${i}-${'x'.repeat(40)}`;
  return document;
}

async function run(): Promise<void> {
  const directory = mkdtempSync(join(tmpdir(), 'ledger-bench-'));
  try {
    await commitRates(directory);
    await telemetryOverhead(directory);
    await proofLatencies();
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/** The engine's 1 KB inserts from 1 and 32 callers beside raw better-sqlite3, with the CPU each commit took. */
async function commitRates(directory: string): Promise<void> {
  section('Engine (SQLite file, WAL, synchronous FULL)');
  const bytes = toIon(kilobyteDocument(0), 'binary');
  figure('document size (Ion binary)', `${bytes.length} bytes`);
  const raw = await rawSingleRowInserts(join(directory, 'raw.sqlite'), bytes);
  for (const callers of [1, 32]) {
    const path = join(directory, `ledger-${callers}.ledger`);
    const { measurement, blocksPerCommit } = await ledgerInserts(path, callers);
    compare(measurement, raw);
    const perTransaction = Math.max(1, Math.round(blocksPerCommit));
    const label = `raw writes of its rows, ${perTransaction} block${perTransaction > 1 ? 's' : ''}/txn`;
    compare(measurement, replayBlockRows(label, path, join(directory, `replay-${callers}.sqlite`), blockRowsOf(path), perTransaction));
    const threaded = await ledgerInserts(join(directory, `ledger-${callers}-writer-thread.ledger`), callers, true);
    compare(threaded.measurement, raw);
    compare(threaded.measurement, measurement);
  }
}

/** The commit rates alone (`npm run bench -- commits`): the first part of the engine suite, without its 1,000,000-block ledger. */
async function runCommits(): Promise<void> {
  const directory = mkdtempSync(join(tmpdir(), 'ledger-bench-'));
  try {
    await commitRates(directory);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/** Raw better-sqlite3: one INSERT of the same bytes per transaction, WAL, synchronous FULL. */
async function rawSingleRowInserts(path: string, bytes: Uint8Array): Promise<Measurement> {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE doc (id INTEGER PRIMARY KEY, body BLOB NOT NULL)');
  const insert = db.prepare('INSERT INTO doc (body) VALUES (?)');
  const transaction = db.transaction((body: Uint8Array) => insert.run(body));
  const cpu = cpuWatch();
  const result = await measure('raw better-sqlite3 single-row txn', () => transaction(bytes), { seconds: 2 });
  figure('  CPU per raw transaction', cpu.perOperation(result));
  db.close();
  return result;
}

/**
 * Seconds of the same inserts before the measured window: V8 keeps compiling the commit path for
 * seconds after the first commits (on threads of its own, counted in the process's CPU).
 */
const WARM_UP_SECONDS = 3;

/** 1 KB inserts from `callers` concurrent callers, the ledger written from the calling thread or (`writerThread`) from its write thread. */
async function ledgerInserts(path: string, callers: number, writerThread = false): Promise<{ measurement: Measurement; blocksPerCommit: number }> {
  const ledger = await Ledger.open({ name: 'bench', storage: { type: 'sqlite', database: path, writerThread } });
  await ledger.execute((tx) => tx.createTable('Account'));
  let n = 0;
  const insert = () => ledger.execute((tx) => tx.insert('Account', kilobyteDocument(n++)));
  await concurrently('warm-up', callers, WARM_UP_SECONDS, insert);
  const before = ledger.commitStats;
  const cpu = cpuWatch();
  const label = `ledger insert, ${callers} caller${callers > 1 ? 's' : ''}${writerThread ? ', writer thread' : ''}`;
  const result = await concurrently(label, callers, 3, insert);
  const blocks = ledger.commitStats.blocks - before.blocks;
  const batches = ledger.commitStats.batches - before.batches;
  figure(`  blocks per database commit (${label})`, (blocks / batches).toFixed(1));
  figure(`  CPU per commit (${label})`, cpu.perOperation(result));
  await ledger.close();
  return { measurement: result, blocksPerCommit: blocks / batches };
}

/**
 * The process's CPU time (user + system) from now on, per operation of a measurement: on a machine
 * shared with other work it tells the cost of a commit apart from time spent waiting for a core.
 */
function cpuWatch(): { perOperation(m: Measurement): string } {
  const cpuAtStart = process.cpuUsage();
  const startedAt = process.hrtime.bigint();
  return {
    perOperation(m) {
      const { user, system } = process.cpuUsage(cpuAtStart);
      const busy = (user + system) / (Number(process.hrtime.bigint() - startedAt) / 1e3); // CPU µs per elapsed µs
      return `${(busy * m.microsPerOp).toFixed(0)} µs`;
    },
  };
}

/** Runs `operation` from `callers` concurrent loops for about `seconds`. */
export async function concurrently(label: string, callers: number, seconds: number, operation: () => Promise<unknown>): Promise<Measurement> {
  for (let i = 0; i < 20; i++) await operation();
  let count = 0;
  const deadline = process.hrtime.bigint() + BigInt(seconds * 1e9);
  const started = process.hrtime.bigint();
  const loop = async () => {
    while (process.hrtime.bigint() < deadline) {
      await operation();
      count++;
    }
  };
  await Promise.all(Array.from({ length: callers }, loop));
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  return { label, opsPerSecond: count / elapsed, microsPerOp: (elapsed * 1e6) / count };
}

/** A way OpenTelemetry is set up while the engine commits. */
interface Setting {
  label: string;
  /** Registers the providers; returns what unregisters them. */
  install(): () => Promise<void>;
}

const SETTINGS: Setting[] = [
  { label: 'no provider', install: () => async () => undefined },
  {
    label: 'no-op tracer registered',
    install: () => {
      const provider = new BasicTracerProvider({ sampler: new AlwaysOffSampler() });
      trace.setGlobalTracerProvider(provider);
      return async () => {
        trace.disable();
        await provider.shutdown();
      };
    },
  },
  {
    label: 'SDK recording spans + metrics',
    install: () => {
      const spans = new InMemorySpanExporter();
      const tracerProvider = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(spans)] });
      const reader = new PeriodicExportingMetricReader({ exporter: new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE), exportIntervalMillis: 1_000 });
      const meterProvider = new MeterProvider({ readers: [reader] });
      trace.setGlobalTracerProvider(tracerProvider);
      metrics.setGlobalMeterProvider(meterProvider);
      return async () => {
        trace.disable();
        metrics.disable();
        await Promise.all([tracerProvider.shutdown(), meterProvider.shutdown()]);
      };
    },
  },
];

/** Rounds of each setting, taken in turn so that a drift of the machine's load falls on all of them alike. */
const TELEMETRY_ROUNDS = 5;

/**
 * What OpenTelemetry costs commits: 1 KB inserts with no provider registered (the baseline: the
 * API's no-op tracer and meter), with a registered tracer whose sampler records nothing, and with
 * the SDK recording every span (batched to an in-memory exporter) and every metric, each on a
 * ledger of its own, with 1 and 32 callers, in rounds of 1 s taken in turn. The ledgers sync with
 * NORMAL, so that the figures show the instrumentation's CPU rather than the disk's sync.
 */
async function telemetryOverhead(directory: string): Promise<void> {
  section('Engine commits under OpenTelemetry (SQLite, synchronous NORMAL; ratio against no provider registered)');
  for (const callers of [1, 32]) {
    const ledgers = await Promise.all(SETTINGS.map((_, i) => insertingLedger(join(directory, `telemetry-${callers}-${i}.ledger`))));
    const rates: number[][] = SETTINGS.map(() => []);
    for (let round = 0; round < TELEMETRY_ROUNDS; round++) {
      for (const [i, setting] of SETTINGS.entries()) {
        const uninstall = setting.install();
        try {
          rates[i].push((await concurrently('', callers, 1, ledgers[i].insert)).opsPerSecond);
        } finally {
          await uninstall();
        }
      }
    }
    await Promise.all(ledgers.map(({ ledger }) => ledger.close()));
    const [baseline, ...others] = SETTINGS.map((setting, i): Measurement => {
      const opsPerSecond = rates[i].reduce((sum, rate) => sum + rate, 0) / rates[i].length;
      return { label: `insert, ${callers} caller${callers > 1 ? 's' : ''}, ${setting.label}`, opsPerSecond, microsPerOp: 1e6 / opsPerSecond };
    });
    report(baseline);
    for (const m of others) compare(m, baseline);
  }
}

/** A ledger (synchronous NORMAL) with table Account, and an insert of a 1 KB document into it. */
async function insertingLedger(path: string): Promise<{ ledger: Ledger; insert: () => Promise<unknown> }> {
  const ledger = await Ledger.open({ name: 'bench', storage: { type: 'sqlite', database: path, synchronous: 'NORMAL' } });
  await ledger.execute((tx) => tx.createTable('Account'));
  let n = 0;
  return { ledger, insert: () => ledger.execute((tx) => tx.insert('Account', kilobyteDocument(n++))) };
}

/** getRevision + proof at 10k and 1M blocks (the 1M-block ledger is built once and kept in .tmp/bench). */
async function proofLatencies(): Promise<void> {
  let small: Measurement | undefined;
  for (const blocks of [10_000, 1_000_000]) {
    const ledger = await scaleLedger(blocks);
    const { digestTipAddress } = await ledger.getDigest();
    const targets = await revisionTargets(ledger, 512);
    let i = 0;
    const m = await measure(`getRevision + proof, ${blocks.toLocaleString('en-US')} blocks`, async () => {
      const target = targets[i++ % targets.length];
      await ledger.getRevision(target.blockAddress, target.documentId, digestTipAddress);
    });
    if (small) compare(m, small);
    else report(m);
    small ??= m;
    if (blocks === 10_000) await verifyThroughput(ledger, blocks);
    await ledger.close();
  }
}

/** `count` documents of table Probe (the first committed), with the block of their revision. */
async function revisionTargets(ledger: Ledger, count: number): Promise<Array<{ documentId: string; blockAddress: BlockAddress }>> {
  const rows = (await ledger.query(`SELECT id FROM Probe BY id LIMIT ${count}`)) as Array<{ id: string }>;
  const targets = [];
  for (const { id } of rows) {
    const [revision] = await ledger.execute((tx) => tx.history('Probe', { documentId: id }));
    targets.push({ documentId: id, blockAddress: revision.blockAddress as BlockAddress });
  }
  return targets;
}

async function verifyThroughput(ledger: Ledger, blocks: number): Promise<void> {
  const started = process.hrtime.bigint();
  const result = await ledger.verify();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  report({ label: `verify(), ${blocks.toLocaleString('en-US')} blocks${result.valid ? '' : ' (INVALID)'}`, opsPerSecond: blocks / seconds, microsPerOp: (seconds * 1e6) / blocks });
}

/** Where the ledger of `blocks` one-document blocks is kept between runs. */
export function scaleLedgerPath(blocks: number): string {
  return join(SCALE_DIR, `scale-${blocks}-indexed.ledger`);
}

/** A ledger of `blocks` one-document blocks (table Probe, indexed on n), built with synchronous NORMAL and kept. */
export async function scaleLedger(blocks: number): Promise<Ledger> {
  mkdirSync(SCALE_DIR, { recursive: true });
  const path = scaleLedgerPath(blocks);
  const fresh = !existsSync(path);
  const ledger = await Ledger.open({ name: 'bench', storage: { type: 'sqlite', database: path, synchronous: 'NORMAL' } });
  const started = process.hrtime.bigint();
  if (fresh) await ledger.execute((tx) => (tx.createTable('Probe'), tx.createIndex('Probe', 'n')));
  let tip = (await ledger.getDigest()).digestTipAddress.sequenceNo;
  while (tip < blocks) {
    const batch = Math.min(256, blocks - tip);
    await Promise.all(Array.from({ length: batch }, (_, i) => ledger.execute((tx) => tx.insert('Probe', { n: tip + i }))));
    tip += batch;
  }
  if (fresh) figure(`  built a ${blocks.toLocaleString('en-US')}-block ledger`, `${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(0)} s`);
  return ledger;
}

export const engineSuite: BenchSuite = { name: 'engine', run };
export const commitsSuite: BenchSuite = { name: 'commits', run: runCommits, partOf: 'engine' };
