// Projection processes killed with SIGKILL mid-stream, round after round, while commands keep
// committing: each next runner takes the lease over once the killed one's expires, resumes from the
// stored checkpoint, and in the end the at-least-once projection was handed every event (none
// missed) and the exactly-once one applied every event exactly once (its table has one row per
// event position under a primary key, and the balances add up). On SQLite and on PostgreSQL.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EventStore, Ledger, newJournalId, Projections, type EventPosition } from 'nestjs-ledger';
import { removeTempLedgers, storageAt, tempLedgerPath } from '../libs/ledger/src/engine/test-ledger.fixture';
import { tempFilePath } from '../libs/ledger/src/engine/test-storage.fixture';
import { BalancesProjection, Deposit, depositBus, PositionsProjection, until } from '../libs/ledger/src/projections/projection.fixture';

const root = join(__dirname, '..');
const LEASE_MS = 500;
afterAll(removeTempLedgers);

const lines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : []);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function runProjections(storage: object, file: string): ChildProcess {
  const args = ['-r', './test/support/register-ts.js', 'test/support/projection-runner.child.ts', JSON.stringify(storage), file, String(LEASE_MS)];
  return spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
}

/** Kills the child with SIGKILL `afterMs` after the positions file grew past `handled` lines. */
async function killMidStream(child: ChildProcess, file: string, handled: number, afterMs: number): Promise<NodeJS.Signals | null> {
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  while (lines(file).length <= handled && child.exitCode === null) await sleep(5);
  await sleep(afterMs);
  child.kill('SIGKILL');
  return exited;
}

describe('a projection process killed with SIGKILL mid-stream', () => {
  it('resumes from its checkpoint: no event missed, and none applied twice when exactly-once', async () => {
    const storage = storageAt(tempLedgerPath());
    const ledger = await Ledger.open({ name: 'test', storage });
    const store = new EventStore(ledger);
    const bus = depositBus(store);
    const accounts = Array.from({ length: 8 }, () => newJournalId());
    const deposit = (round: number, n: number) => bus.execute(new Deposit(accounts[n % accounts.length], round + 1, 40));
    for (let n = 0; n < 40; n++) await deposit(0, n);
    const file = tempFilePath('positions');
    const countEvents = async () => {
      let count = 0;
      for await (const _ of store.events()) count++;
      return count;
    };
    const appliedCount = () =>
      ledger.readDatabase((query) => query<{ n: number }>('SELECT COUNT(*) AS n FROM balance_events')).then(([row]) => Number(row.n), () => 0);
    let killedMidStream = 0;
    for (let round = 1; round <= 6; round++) {
      const child = runProjections(storage, file);
      const writing = (async () => {
        for (let n = 0; n < 10; n++) await deposit(round, n);
      })();
      expect(await killMidStream(child, file, lines(file).length, Math.floor(Math.random() * 150))).toBe('SIGKILL');
      if ((await appliedCount()) < (await countEvents())) killedMidStream++;
      await writing;
    }
    expect(killedMidStream).toBeGreaterThan(0);

    const positions = new PositionsProjection(file);
    const projections = new Projections(store, { leaseMs: LEASE_MS });
    projections.register(new BalancesProjection());
    projections.register(positions);
    projections.start();
    const journal: EventPosition[] = [];
    const expected = new Map<string, number>();
    for await (const event of store.events()) {
      journal.push(event.position);
      const { account, amount } = event.payload as { account: string; amount: number };
      expected.set(account, (expected.get(account) ?? 0) + amount);
    }
    const last = journal[journal.length - 1];
    const reached = async (name: string) => {
      const { position } = await projections.status(name);
      return position.sequenceNo === last.sequenceNo && position.index === last.index + 1;
    };
    await until(async () => (await reached('balances')) && (await reached('positions')), Boolean, 'both projections to reach the end', 240_000);
    await projections.stop();

    const handled = new Set(lines(file));
    expect(journal.filter((p) => !handled.has(`${p.sequenceNo}:${p.index}`))).toEqual([]);
    expect(lines(file).length).toBeGreaterThanOrEqual(journal.length);
    const applied = await ledger.readDatabase((query) => query<{ s: number; i: number }>('SELECT sequence_no AS s, event_index AS i FROM balance_events ORDER BY s, i'));
    expect(applied.map((row) => ({ sequenceNo: Number(row.s), index: Number(row.i) }))).toEqual(journal);
    const balances = await ledger.readDatabase((query) => query<{ account: string; balance: number }>('SELECT account, balance FROM balances'));
    expect(new Map(balances.map((row) => [row.account, Number(row.balance)]))).toEqual(expected);
    expect((await projections.status()).map((s) => s.error)).toEqual([undefined, undefined]);
    await ledger.close();
  });
});
