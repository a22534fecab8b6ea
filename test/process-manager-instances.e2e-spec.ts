// Two instances of a Nest application, in two processes, both running the 'welcome-bonus' process
// manager while a third process opens wallets: each caused command is committed once (the other
// instance finds its idempotency key recorded), every wallet gets its bonus, and the ledger
// verifies. On SQLite and on PostgreSQL.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Ledger } from '../libs/ledger/src/engine';
import { removeTempLedgers, storageAt, tempLedgerPath } from '../libs/ledger/src/engine/test-ledger.fixture';
import { OpenWallet, Wallet } from '../libs/ledger/src/event-sourcing/event-sourcing.fixture';
import { newJournalId } from '../libs/ledger/src/journal';
import { until } from '../libs/ledger/src/projections/projection.fixture';
import { welcomeBonus } from './process-manager.fixture';

const running = new Set<ChildProcess>();
afterAll(async () => {
  const alive = [...running].filter((child) => child.exitCode === null && child.signalCode === null);
  await Promise.all(alive.map((child) => new Promise((resolve) => child.once('exit', resolve).kill('SIGKILL'))));
  await removeTempLedgers();
});

/** An application instance in a child process, once it printed `ready`; `stop()` closes it and waits for its exit. */
async function instance(storage: object) {
  const child = spawn(process.execPath, ['-r', './test/support/register-ts.js', 'test/support/process-manager.child.ts', JSON.stringify(storage), 'instance', 'nest'], { cwd: join(__dirname, '..'), stdio: ['pipe', 'pipe', 'inherit'] });
  running.add(child);
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const first = await lines.next();
  if (first.value !== 'ready') throw new Error(`the instance printed ${first.value} (exit ${await exited}) instead of ready`);
  return {
    async stop(): Promise<unknown> {
      child.stdin!.end('stop\n');
      return exited;
    },
  };
}

describe('a process manager run by two application instances', () => {
  it('commits each caused command once, and every wallet gets its bonus', async () => {
    const storage = storageAt(tempLedgerPath());
    const ledger = await Ledger.open({ name: 'test', storage });
    const { bus, store } = welcomeBonus(ledger);
    const ids = Array.from({ length: 12 }, () => newJournalId());
    await bus.execute(new OpenWallet(ids[0], 'ann'));
    const instances = await Promise.all([instance(storage), instance(storage)]);
    for (const id of ids.slice(1)) await bus.execute(new OpenWallet(id, 'ann'));
    const wallets = store.repository(Wallet);
    const balances = () => Promise.all(ids.map(async (id) => (await wallets.load(id)).balance));
    await until(balances, (all) => all.every((balance) => balance > 0), 'every bonus');
    expect(await Promise.all(instances.map((i) => i.stop()))).toEqual([0, 0]);
    expect(await balances()).toEqual(ids.map(() => 10));
    const tip = (await ledger.getDigest()).digestTipAddress.sequenceNo;
    const bonuses = (await ledger.readBlocks(0, tip)).filter((block) => block.transactionInfo.statements[0]?.statement === 'CreditWallet');
    expect(bonuses.map((block) => block.transactionInfo.idempotencyKey).sort()).toEqual([...new Set(bonuses.map((block) => block.transactionInfo.idempotencyKey))].sort());
    expect(bonuses).toHaveLength(ids.length);
    expect(await ledger.verify({ all: true })).toMatchObject({ valid: true });
    await ledger.close();
  }, 120_000);
});
