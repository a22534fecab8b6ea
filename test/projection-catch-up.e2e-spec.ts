// A projection started after 50,000 events, while another process keeps committing: it catches up
// from the stored journal, then follows the writer's live commits, and is handed every event of the
// journal once, in journal order, with no gap at the seam between catching up and following.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { EventStore, Ledger, newJournalId, Projections, type EventPosition } from 'nestjs-ledger';
import { removeTempLedgers, storageAt, tempLedgerPath } from '../libs/ledger/src/engine/test-ledger.fixture';
import { BalancesProjection, Deposit, depositBus, PositionsProjection, until } from '../libs/ledger/src/projections/projection.fixture';

const root = join(__dirname, '..');
afterAll(removeTempLedgers);

describe('a projection started after 50,000 events', () => {
  it('catches up, then sees live events from another process without a gap while it keeps committing', async () => {
    const storage = storageAt(tempLedgerPath());
    const ledger = await Ledger.open({ name: 'test', storage });
    const store = new EventStore(ledger);
    const bus = depositBus(store);
    for (let n = 0; n < 100; n++) await bus.execute(new Deposit(newJournalId(), 1, 500));

    const args = ['-r', './test/support/register-ts.js', 'test/support/deposit-writer.child.ts', JSON.stringify(storage)];
    const writer = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    const writerExit = new Promise((resolve) => writer.on('exit', resolve));
    const tip = async () => (await ledger.getDigest()).digestTipAddress.sequenceNo;
    const startTip = await tip();
    await until(async () => (await tip()) > startTip + 5, Boolean, 'the writer to commit', 240_000);

    const positions = new PositionsProjection();
    const projections = new Projections(store);
    projections.register(positions);
    projections.register(new BalancesProjection());
    projections.start();
    await until(() => positions.seen.length >= 50_000, Boolean, 'the catch-up', 240_000);
    const caughtUpTip = await tip();
    await until(() => positions.seen.some((p) => p.sequenceNo > caughtUpTip + 10), Boolean, 'live events', 240_000);
    expect(writer.exitCode).toBeNull();
    writer.kill('SIGKILL');
    await writerExit;

    const journal: EventPosition[] = [];
    for await (const event of store.events()) journal.push(event.position);
    expect(journal.length).toBeGreaterThan(50_000 + 5 * 10);
    await until(() => positions.seen.length >= journal.length, Boolean, 'the last events', 240_000);
    expect(positions.seen).toEqual(journal);
    const last = journal[journal.length - 1];
    await until(async () => (await projections.status('balances')).position.sequenceNo === last.sequenceNo, Boolean, 'the balances', 240_000);
    const [{ n }] = await ledger.readDatabase((query) => query<{ n: number }>('SELECT COUNT(*) AS n FROM balance_events'));
    expect(Number(n)).toBe(journal.length);
    await projections.stop();
    await ledger.close();
  }, 300_000); // on a loaded machine, or on PostgreSQL (two round trips per event for the exactly-once projection)
});
