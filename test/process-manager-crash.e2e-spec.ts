// A process manager killed with SIGKILL between an event and the command it causes, and again
// between the command's commit and its checkpoint, run as a runner catching up and as a decorated
// class in a Nest application: after a restart, each command is committed exactly once (its
// idempotency key, recorded in its block, turns the replayed one into a duplicate). On SQLite and
// on PostgreSQL.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Ledger } from '../libs/ledger/src/engine';
import { removeTempLedgers, storageAt, tempLedgerPath } from '../libs/ledger/src/engine/test-ledger.fixture';
import { OpenWallet, Wallet } from '../libs/ledger/src/event-sourcing/event-sourcing.fixture';
import { newJournalId } from '../libs/ledger/src/journal';
import { welcomeBonus } from './process-manager.fixture';

afterAll(removeTempLedgers);

/** Runs the manager in a child process until it reports `point`, then kills it with SIGKILL. */
async function killAt(storage: object, point: string, form: string): Promise<void> {
  const child = spawn(process.execPath, ['-r', './test/support/register-ts.js', 'test/support/process-manager.child.ts', JSON.stringify(storage), point, form], { cwd: join(__dirname, '..'), stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
  for await (const line of createInterface({ input: child.stdout })) {
    if (line === point) break;
    throw new Error(`the process manager printed ${line} before reaching ${point}`);
  }
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
}

async function creditBlocks(ledger: Ledger): Promise<string[]> {
  const tip = (await ledger.getDigest()).digestTipAddress.sequenceNo;
  const blocks = await ledger.readBlocks(0, tip);
  return blocks.filter((b) => b.transactionInfo.statements[0]?.statement === 'CreditWallet').map((b) => String(b.transactionInfo.causationId));
}

describe('a process manager killed with SIGKILL', () => {
  it.each([
    ['before-dispatch', 'runner'],
    ['after-commit', 'runner'],
    ['before-dispatch', 'nest'],
    ['after-commit', 'nest'],
  ])('%s (%s) commits each caused command exactly once after a restart', async (point, form) => {
    const storage = storageAt(tempLedgerPath());
    const ledger = await Ledger.open({ name: 'test', storage });
    const { bus, manager, store } = welcomeBonus(ledger);
    const [a, b] = [newJournalId(), newJournalId()];
    const opened = await bus.dispatch(new OpenWallet(a, 'ann'));
    await killAt(storage, point, form);
    expect(await creditBlocks(ledger)).toHaveLength(point === 'before-dispatch' ? 0 : 1);
    await bus.execute(new OpenWallet(b, 'bob'));
    const resumed = await manager.catchUp();
    expect(resumed).toMatchObject({ commands: point === 'before-dispatch' ? 2 : 1, duplicates: point === 'before-dispatch' ? 0 : 1 });
    expect(await manager.catchUp()).toMatchObject({ commands: 0, duplicates: 0 });
    const causes = await creditBlocks(ledger);
    expect(causes).toHaveLength(2);
    expect(causes).toContain(`${opened.events[0].position.sequenceNo}:0`);
    const wallets = store.repository(Wallet);
    expect([(await wallets.load(a)).balance, (await wallets.load(b)).balance]).toEqual([10, 10]);
    expect(await ledger.verify({ all: true })).toMatchObject({ valid: true });
    await ledger.close();
  }, 60_000);
});
