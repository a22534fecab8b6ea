// Projection processes killed with SIGKILL mid-stream at known points, round after round, while
// a writer process commits commands. Each round's runner reports when its at-least-once
// projection is inside the handler of a chosen event (handled, past its stored checkpoint) and its
// exactly-once projection inside the handler of another (SQL applied, not committed), and is killed
// there. Each round stores progress before the kill; the killed work shows (the handled position in
// the file) or does not (the uncommitted SQL); the next runner takes the leases over and resumes from
// the stored checkpoints. In the end the at-least-once projection was handed every event (those it
// was killed in again), and the exactly-once one applied every event exactly once (its table has
// one row per event position under a primary key, and the balances add up). On SQLite and on
// PostgreSQL.
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { EventStore, Ledger, newJournalId, Projections, type EventPosition } from 'nestjs-ledger';
import { removeTempLedgers, storageAt, tempLedgerPath } from '../libs/ledger/src/engine/test-ledger.fixture';
import { tempFilePath } from '../libs/ledger/src/engine/test-storage.fixture';
import { BalancesProjection, Deposit, depositBus, PositionsProjection } from '../libs/ledger/src/projections/projection.fixture';

const root = join(__dirname, '..');
const LEASE_MS = 500;
const ROUNDS = 6;
/**
 * The event (counted in its process) each projection is stopped in, by round: past the first batch
 * (at most 100 events, whose checkpoint is stored before the next batch starts), and within the
 * events already committed when the round starts.
 */
const stops = (round: number) => ({ positions: 101 + 47 * (round - 1), balances: 150 + 61 * (round - 1) });

const lines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : []);
const key = (position: EventPosition) => `${position.sequenceNo}:${position.index}`;
/** A number in journal order, for comparisons that print readably. */
const ordinal = (position: EventPosition) => position.sequenceNo * 1_000_000 + position.index;

/** The child processes still running: killed (when the test failed before it ended them) before the ledgers are removed. */
const running = new Set<ChildProcess>();
afterAll(async () => {
  const alive = [...running].filter((child) => child.exitCode === null && child.signalCode === null);
  await Promise.all(alive.map((child) => new Promise((resolve) => child.once('exit', resolve).kill('SIGKILL'))));
  await removeTempLedgers();
});

function runChild(script: string, args: string[], stdio: StdioOptions): { child: ChildProcess; exited: Promise<NodeJS.Signals | number | null> } {
  const child = spawn(process.execPath, ['-r', './test/support/register-ts.js', `test/support/${script}`, ...args], { cwd: root, stdio });
  running.add(child);
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
  void exited.then(() => running.delete(child));
  return { child, exited };
}

/** The writer process: on each request, commits Deposit commands (one block each) and says when it is done. */
function startWriter(storage: object) {
  const writer = runChild('deposit-writer.child.ts', [JSON.stringify(storage), 'on-request'], ['pipe', 'pipe', 'inherit']);
  const replies = createInterface({ input: writer.child.stdout! })[Symbol.asyncIterator]();
  return {
    ...writer,
    async commit(commits: number, eventsPerCommit: number): Promise<void> {
      writer.child.stdin!.write(`${commits} ${eventsPerCommit}\n`);
      const reply = await replies.next();
      if (reply.value !== 'done') throw new Error(`the writer ended (${await writer.exited}) before committing`);
    },
  };
}

/** Starts a projection runner that stops each projection in the given event, and resolves with the positions it reported once both stopped. */
async function runUntilStopped(storage: object, file: string, stop: { positions: number; balances: number }) {
  const runner = runChild('projection-runner.child.ts', [JSON.stringify(storage), file, String(LEASE_MS), String(stop.positions), String(stop.balances)], ['ignore', 'pipe', 'inherit']);
  const stopped = new Map<string, EventPosition>();
  await new Promise<void>((resolve, reject) => {
    runner.exited.then((end) => reject(new Error(`the projection runner ended (${end}) before both projections stopped`)));
    createInterface({ input: runner.child.stdout! }).on('line', (line) => {
      const [, name, sequenceNo, index] = /^stopped (\w+) (\d+):(\d+)$/.exec(line) ?? [];
      if (name) stopped.set(name, { sequenceNo: Number(sequenceNo), index: Number(index) });
      if (stopped.size === 2) resolve();
    });
  });
  return { ...runner, stopped };
}

describe('a projection process killed with SIGKILL mid-stream', () => {
  it('resumes from its checkpoint: no event missed, and none applied twice when exactly-once', async () => {
    const storage = storageAt(tempLedgerPath());
    const ledger = await Ledger.open({ name: 'test', storage });
    const store = new EventStore(ledger);
    const bus = depositBus(store);
    const accounts = Array.from({ length: 8 }, () => newJournalId());
    for (let n = 0; n < 40; n++) await bus.execute(new Deposit(accounts[n % accounts.length], 1, 40));
    const file = tempFilePath('positions');
    const projections = new Projections(store, { leaseMs: LEASE_MS });
    projections.register(new BalancesProjection());
    projections.register(new PositionsProjection(file));
    const stored = async (name: string) => (await projections.status(name)).position;
    const applied = () => ledger.readDatabase((query) => query<{ s: number; i: number }>('SELECT sequence_no AS s, event_index AS i FROM balance_events ORDER BY s, i'));

    const writer = startWriter(storage);
    for (let round = 1; round <= ROUNDS; round++) {
      const before = { positions: await stored('positions'), balances: await stored('balances') };
      const writing = writer.commit(10, 40);
      const runner = await runUntilStopped(storage, file, stops(round));
      runner.child.kill('SIGKILL');
      expect(await runner.exited).toBe('SIGKILL');
      await writing;
      for (const name of ['positions', 'balances'] as const) {
        const after = await stored(name);
        expect(ordinal(after)).toBeGreaterThan(ordinal(before[name])); // progress stored before the kill
        expect(ordinal(after)).toBeLessThanOrEqual(ordinal(runner.stopped.get(name)!)); // the event it was killed in comes again
      }
      expect(lines(file)).toContain(key(runner.stopped.get('positions')!));
      expect((await applied()).map((row) => `${row.s}:${row.i}`)).not.toContain(key(runner.stopped.get('balances')!));
    }
    writer.child.stdin!.end();
    expect(await writer.exited).toBe(0);

    projections.start();
    await projections.caughtUp('balances');
    await projections.caughtUp('positions');
    await projections.stop();
    const journal: EventPosition[] = [];
    const expected = new Map<string, number>();
    for await (const event of store.events()) {
      journal.push(event.position);
      const { account, amount } = event.payload as { account: string; amount: number };
      expected.set(account, (expected.get(account) ?? 0) + amount);
    }

    const handled = new Set(lines(file));
    expect(journal.filter((p) => !handled.has(key(p)))).toEqual([]);
    expect(lines(file).length).toBeGreaterThan(journal.length); // each event a runner was killed in was handed again
    expect((await applied()).map((row) => ({ sequenceNo: Number(row.s), index: Number(row.i) }))).toEqual(journal);
    const balances = await ledger.readDatabase((query) => query<{ account: string; balance: number }>('SELECT account, balance FROM balances'));
    expect(new Map(balances.map((row) => [row.account, Number(row.balance)]))).toEqual(expected);
    expect((await projections.status()).map((s) => s.error)).toEqual([undefined, undefined]);
    await ledger.close();
  }, 300_000); // bounds a hang: a loaded machine starts each child process slowly
});
