// Benchmarks of journal streams on an SQLite file: catch-up throughput of eventStore.events$ (and
// of a projection that counts, through its runner and checkpoint) over a 50,000-event ledger beside
// raw better-sqlite3 reading and decoding the same rows; live lag from
// commit to subscriber under a steady 1,000 commands/s and 250 commands/s (synchronous NORMAL,
// so that the shared machine's disk syncs do not decide whether it keeps up), in this process and from a writer in
// another process; and RSS while events$ replays 1,000,000 events. The event ledgers are built once
// through the engine (many events per block) and kept in .tmp/bench.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import Database from 'better-sqlite3';
import { firstValueFrom, filter } from 'rxjs';
import {
  CommandBus,
  EventStore,
  fromIon,
  Ledger,
  newJournalId,
  On,
  Projection,
  Projections,
  type IonStructObject,
  type StorageOptions,
} from 'nestjs-ledger';
import { Account, MoneyDeposited } from '../bench-account';
import { compare, figure, section, type Measurement } from '../bench-harness';
import { now, steadyLoad } from '../steady-load';
import type { BenchSuite } from './index';

const SCALE_DIR = join(process.cwd(), '.tmp', 'bench');
const EVENTS_PER_BLOCK = 100;
const CATCH_UP_EVENTS = 50_000;
const REPLAY_EVENTS = 1_000_000;
const ROUNDS = 5;
/** The steady loads of the live-lag runs, in commands per second: the target's, and one the shared machine surely keeps up with. */
const LOADS_PER_SECOND = [1_000, 250];
const LOAD_SECONDS = 5;
const ACCOUNTS = 2_000;


/** A projection that counts the events it is handed (at-least-once: a checkpoint write per batch). */
@Projection('bench-count')
class CountingProjection {
  count = 0;

  @On(MoneyDeposited)
  deposited(): void {
    this.count++;
  }

  reset(): void {
    this.count = 0;
  }
}

class Deposit {
  constructor(
    readonly accountId: string,
    readonly amount: number,
    readonly open = false,
  ) {}
}

async function run(): Promise<void> {
  section(`Streams (SQLite file, WAL; live lag under steady loads of ${LOAD_SECONDS} s)`);
  await replayMemory();
  await catchUpThroughput();
  const directory = mkdtempSync(join(tmpdir(), 'ledger-streams-bench-'));
  try {
    for (const perSecond of LOADS_PER_SECOND) {
      await liveLag(join(directory, `live-${perSecond}.ledger`), perSecond);
      await crossProcessLag(join(directory, `cross-${perSecond}.ledger`), perSecond);
    }
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/** events$ and eventsIterator from the start until every event arrived, beside raw SQL + decoding of the same block rows; best of interleaved rounds. */
async function catchUpThroughput(): Promise<void> {
  const path = await eventLedger(CATCH_UP_EVENTS);
  const ledger = await Ledger.open({ name: 'bench', storage: { type: 'sqlite', database: path } });
  const store = new EventStore(ledger);
  const counting = new Projections(store, { logger: { log: () => undefined, warn: () => undefined, error: (message) => console.error(message) } });
  const counter = new CountingProjection();
  counting.register(counter);
  const [raw, observable, iterator, projection] = await bestOfRounds([
    [`raw SQL + decode, ${thousands(CATCH_UP_EVENTS)} events`, () => rawEventCount(path)],
    [`events$ catch-up, ${thousands(CATCH_UP_EVENTS)} events`, () => countObservable(store, CATCH_UP_EVENTS)],
    [`eventsIterator catch-up, ${thousands(CATCH_UP_EVENTS)} events`, () => countIterator(store, CATCH_UP_EVENTS)],
    [`projection catch-up (counting projection), ${thousands(CATCH_UP_EVENTS)} events`, () => countProjection(counting, counter, CATCH_UP_EVENTS)],
  ]);
  compare(observable, raw);
  compare(iterator, raw);
  compare(projection, raw);
  await ledger.close();
}

/** Each contender's best (fastest) of ROUNDS rounds, run in turn in every round; each returns how many events it read. */
async function bestOfRounds(contenders: Array<[string, () => Promise<number>]>): Promise<Measurement[]> {
  const fastest = contenders.map(() => Number.POSITIVE_INFINITY);
  const events = contenders.map(() => 0);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, [, count]] of contenders.entries()) {
      const started = process.hrtime.bigint();
      events[i] = await count();
      fastest[i] = Math.min(fastest[i], Number(process.hrtime.bigint() - started) / 1e9);
    }
  }
  return contenders.map(([label], i) => ({ label, opsPerSecond: events[i] / fastest[i], microsPerOp: (fastest[i] * 1e6) / events[i] }));
}

/** Raw better-sqlite3: the block rows in pages of 200, each header decoded, its events counted. */
async function rawEventCount(path: string): Promise<number> {
  const db = new Database(path, { readonly: true });
  const select = db.prepare('SELECT header FROM journal_block WHERE sequence_no BETWEEN ? AND ? ORDER BY sequence_no');
  let events = 0;
  for (let first = 0; ; first += 200) {
    const rows = select.all(first, first + 199) as Array<{ header: Uint8Array }>;
    for (const row of rows) {
      const header = fromIon(row.header) as IonStructObject;
      for (const event of (header.events as IonStructObject[] | undefined) ?? []) if (typeof event.type === 'string') events++;
    }
    if (rows.length < 200) break;
  }
  db.close();
  return events;
}

function countObservable(store: EventStore, total: number): Promise<number> {
  let events = 0;
  return firstValueFrom(store.events$().pipe(filter(() => ++events === total))).then(() => events);
}

async function countIterator(store: EventStore, total: number): Promise<number> {
  let events = 0;
  for await (const event of store.eventsIterator()) {
    if (event.type && ++events === total) break;
  }
  return events;
}

/** Replays the journal into the counting projection from the start (rebuild) until it counted `total`, then stops it. */
async function countProjection(projections: Projections, counter: CountingProjection, total: number): Promise<number> {
  await projections.rebuild('bench-count');
  await until(() => counter.count >= total);
  await projections.stop();
  return counter.count;
}

/**
 * Deposit commands on ACCOUNTS accounts at a steady `perSecond` for LOAD_SECONDS in this
 * process, each its own block, with blocks$ and events$ subscribed from 'now': the lag from each
 * command's acknowledgement (its commit done) to its block or event reaching the subscriber (0 when
 * it arrived before the acknowledgement), beside the commit latency (command issued to acknowledged).
 */
async function liveLag(path: string, perSecond: number): Promise<void> {
  const ledger = await Ledger.open({ name: 'bench', storage: { type: 'sqlite', database: path, synchronous: 'NORMAL' } });
  const store = new EventStore(ledger);
  const accounts = store.repository(Account);
  const bus = new CommandBus();
  bus.register(Deposit, async (command: Deposit) => {
    const account = command.open ? await accounts.create(command.accountId) : await accounts.load(command.accountId);
    account.deposit(command.amount);
  }, store);
  const ids = Array.from({ length: ACCOUNTS }, () => newJournalId());
  for (let first = 0; first < ACCOUNTS; first += 100) await Promise.all(ids.slice(first, first + 100).map((id) => bus.execute(new Deposit(id, 1, true))));
  const blockArrivals = new Map<number, number>();
  const eventArrivals = new Map<number, number>();
  const blocks = ledger.blocks$({ from: 'now' }).subscribe((record) => blockArrivals.set(record.payload.blockAddress.sequenceNo, now()));
  const events = store.events$({ from: 'now' }).subscribe((event) => eventArrivals.set(event.position.sequenceNo, now()));
  const acks = new Map<number, number>();
  const commits: number[] = [];
  const started = now();
  await steadyLoad(perSecond, LOAD_SECONDS, async () => {
    const issued = now();
    const { block } = await bus.dispatch(new Deposit(ids[Math.floor(Math.random() * ACCOUNTS)], 1));
    acks.set(block!.blockAddress.sequenceNo, now());
    commits.push(now() - issued);
  });
  figure(`${thousands(perSecond)} commands/s offered, in-process`, `${thousands(Math.round(commits.length / ((now() - started) / 1000)))} commands/s achieved`);
  await until(() => blockArrivals.size >= acks.size && eventArrivals.size >= acks.size);
  blocks.unsubscribe();
  events.unsubscribe();
  printLags(`blocks$, in-process`, lagsAfter(acks, blockArrivals), commits);
  printLags(`events$, in-process`, lagsAfter(acks, eventArrivals), commits);
  await ledger.close();
}

/** The same load from a writer in another process on the same file; the subscriber hears of it through the tip watch. */
async function crossProcessLag(path: string, perSecond: number): Promise<void> {
  const storage: StorageOptions = { type: 'sqlite', database: path, synchronous: 'NORMAL' };
  const ledger = await Ledger.open({ name: 'bench', storage });
  await ledger.execute((tx) => tx.createTable('Item'));
  const arrivals = new Map<number, number>();
  const subscription = ledger.blocks$({ from: 'now' }).subscribe((record) => arrivals.set(record.payload.blockAddress.sequenceNo, now()));
  const { latencies, acks, seconds } = await runChildLoad(storage, perSecond);
  figure(`${thousands(perSecond)} commands/s offered, other process`, `${thousands(Math.round(latencies.length / seconds))} commands/s achieved`);
  await until(() => arrivals.size >= acks.length);
  subscription.unsubscribe();
  printLags(`blocks$, other process`, lagsAfter(new Map(acks), arrivals), latencies);
  await ledger.close();
}

interface ChildLoad {
  /** Commit latencies in ms. */
  latencies: number[];
  /** [block sequenceNo, wall-clock ms of its acknowledgement]. */
  acks: Array<[number, number]>;
  seconds: number;
}

/** Runs streams-writer.child.js at the steady load and returns what it measured. */
function runChildLoad(storage: StorageOptions, perSecond: number): Promise<ChildLoad> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(__dirname, 'streams-writer.child.js'), JSON.stringify(storage), String(perSecond), String(LOAD_SECONDS)]);
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.pipe(process.stderr);
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(output) as ChildLoad) : reject(new Error(`the writer process exited with ${code}`))));
  });
}

/** For each acknowledged block, how long after its acknowledgement it arrived (0 when before). */
function lagsAfter(acks: ReadonlyMap<number, number>, arrivals: ReadonlyMap<number, number>): number[] {
  return [...acks].map(([sequenceNo, ack]) => Math.max(0, (arrivals.get(sequenceNo) as number) - ack));
}

function printLags(label: string, lags: number[], commits: number[]): void {
  const [lag50, lag99] = [percentile(lags, 0.5), percentile(lags, 0.99)];
  const [commit50, commit99] = [percentile(commits, 0.5), percentile(commits, 0.99)];
  figure(`lag p50, ${label}`, `${lag50.toFixed(2)} ms  vs commit latency p50 ${commit50.toFixed(1)} ms  ratio ${(lag50 / commit50).toFixed(2)}x`);
  figure(`lag p99, ${label}`, `${lag99.toFixed(2)} ms  vs commit latency p99 ${commit99.toFixed(1)} ms  ratio ${(lag99 / commit99).toFixed(2)}x  (target < 20 ms)`);
}

/**
 * events$ over a 1M-event ledger, run first in the process: RSS sampled at 10%, 50% and 100% of the
 * replay, and the heap still in use after a full garbage collection at the same points (what the
 * stream really retains; RSS also moves with when V8 grows and returns its heap).
 */
async function replayMemory(): Promise<void> {
  const path = await eventLedger(REPLAY_EVENTS);
  const ledger = await Ledger.open({ name: 'bench', storage: { type: 'sqlite', database: path } });
  const store = new EventStore(ledger);
  const collect = garbageCollector();
  const marks = new Map([0.1, 0.5, 1].map((share) => [Math.round(REPLAY_EVENTS * share), share]));
  const samples: Array<{ share: number; rss: number; heap: number }> = [];
  let events = 0;
  const started = process.hrtime.bigint();
  await firstValueFrom(
    store.events$().pipe(
      filter(() => {
        const share = marks.get(++events);
        if (share !== undefined) samples.push({ share, rss: process.memoryUsage().rss, heap: (collect(), process.memoryUsage().heapUsed) });
        return events === REPLAY_EVENTS;
      }),
    ),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const [first] = samples;
  for (const { share, rss, heap } of samples) {
    figure(`RSS at ${share * 100}% of a ${thousands(REPLAY_EVENTS)}-event replay`, `${mb(rss)}  vs at 10% ${mb(first.rss)}  ratio ${(rss / first.rss).toFixed(2)}x`);
    figure(`  heap after GC at ${share * 100}%`, `${mb(heap)}  vs at 10% ${mb(first.heap)}  ratio ${(heap / first.heap).toFixed(2)}x`);
  }
  figure(`  replayed ${thousands(REPLAY_EVENTS)} events`, `${seconds.toFixed(1)} s (${thousands(Math.round(REPLAY_EVENTS / seconds))} events/s)`);
  await ledger.close();
}

/** V8's full garbage collection, reached without starting node with --expose-gc. */
function garbageCollector(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/** A ledger of `events` MoneyDeposited events, EVENTS_PER_BLOCK per block, committed through the engine (synchronous NORMAL) and kept. */
async function eventLedger(events: number): Promise<string> {
  mkdirSync(SCALE_DIR, { recursive: true });
  const path = join(SCALE_DIR, `events-${events}.ledger`);
  if (existsSync(path)) return path;
  const building = `${path}.building`;
  rmSync(building, { force: true });
  const ledger = await Ledger.open({ name: 'bench', storage: { type: 'sqlite', database: building, synchronous: 'NORMAL' } });
  const started = process.hrtime.bigint();
  const streamId = newJournalId();
  const blocks = events / EVENTS_PER_BLOCK;
  for (let block = 0; block < blocks; block += 32) {
    const batch = Array.from({ length: Math.min(32, blocks - block) }, (_, i) => block + i);
    await Promise.all(batch.map((b) => ledger.execute((tx) => tx.appendEvents(depositEvents(streamId, b * EVENTS_PER_BLOCK)))));
  }
  await ledger.close();
  rmSync(`${building}-wal`, { force: true });
  rmSync(`${building}-shm`, { force: true });
  renameSync(building, path);
  figure(`  built a ${thousands(events)}-event ledger`, `${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(0)} s`);
  return path;
}

/** EVENTS_PER_BLOCK stored MoneyDeposited events of one stream from version `first`. */
function depositEvents(streamId: string, first: number): IonStructObject[] {
  const occurredAt = new Date();
  return Array.from({ length: EVENTS_PER_BLOCK }, (_, i) => ({
    type: 'MoneyDeposited',
    schemaVersion: 1,
    aggregate: 'Account',
    streamId,
    streamVersion: first + i,
    occurredAt,
    payload: { accountId: streamId, amount: 1 },
  }));
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

function thousands(n: number): string {
  return n.toLocaleString('en-US');
}

function mb(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(0)} MB`;
}

export const streamsSuite: BenchSuite = { name: 'streams', run };
