// Process managers: events in journal order become commands, keyed by their causing event, with
// correlation and causation flowing into the command's block, and a checkpoint in the ledger.
import { firstValueFrom, take, toArray } from 'rxjs';
import { openTestLedger, removeTempLedgers } from '../engine/test-ledger.fixture';
import { newJournalId } from '../journal';
import { EventStore } from './event-store';
import { Credited, CreditWallet, creditedUpcaster, OpenWallet, Wallet, walletBus } from './event-sourcing.fixture';
import { ofType } from './of-type.operator';
import { aggregateDocumentId } from './aggregate-id';
import { PROCESS_CHECKPOINTS_TABLE, ProcessManagerRunner } from './process-manager';

afterAll(removeTempLedgers);

async function setup(checkpointEvery?: number) {
  const ledger = await openTestLedger();
  const store = new EventStore(ledger, { upcasters: [creditedUpcaster] });
  const bus = walletBus(store);
  const bonus = (event: { type: string; streamId: string }) => (event.type === 'WalletOpened' ? [new CreditWallet(event.streamId, 10), new CreditWallet(event.streamId, 1)] : undefined);
  const manager = new ProcessManagerRunner('bonus', store, bus, bonus, { checkpointEvery });
  return { ledger, store, bus, manager };
}

describe('ProcessManagerRunner', () => {
  it('dispatches the commands each event causes once, with its correlation and causation, and resumes from its checkpoint', async () => {
    const { ledger, bus, manager, store } = await setup(1);
    const [a, b] = [newJournalId(), newJournalId()];
    const opened = await bus.dispatch(new OpenWallet(a, 'ann'), { correlationId: 'signup-1' });
    expect(await manager.catchUp()).toEqual({ events: 1, commands: 2, duplicates: 0 });
    const credits = (await store.repository(Wallet).events(a)).filter((e) => e.type === 'Credited');
    expect(credits.map((e) => e.metadata)).toEqual([
      { correlationId: 'signup-1', causationId: `${opened.events[0].position.sequenceNo}:0`, idempotencyKey: `bonus:${opened.events[0].position.sequenceNo}:0:0` },
      { correlationId: 'signup-1', causationId: `${opened.events[0].position.sequenceNo}:0`, idempotencyKey: `bonus:${opened.events[0].position.sequenceNo}:0:1` },
    ]);
    expect(await manager.checkpoint()).toEqual({ sequenceNo: opened.events[0].position.sequenceNo, index: 1 });
    await bus.execute(new OpenWallet(b, 'bob'));
    expect(await manager.catchUp()).toEqual({ events: 3, commands: 2, duplicates: 0 });
    expect(await manager.catchUp()).toEqual({ events: 2, commands: 0, duplicates: 0 });
    expect(await manager.catchUp()).toEqual({ events: 0, commands: 0, duplicates: 0 });
    expect([(await store.repository(Wallet).load(a)).balance, (await store.repository(Wallet).load(b)).balance]).toEqual([11, 11]);
    await ledger.close();
  });

  it('replays events past a lost checkpoint without committing their commands again', async () => {
    const { ledger, bus, manager, store } = await setup();
    const id = newJournalId();
    await bus.execute(new OpenWallet(id, 'ann'));
    await manager.catchUp();
    const fresh = new ProcessManagerRunner('bonus', store, bus, (event) => (event.type === 'WalletOpened' ? [new CreditWallet(event.streamId, 10), new CreditWallet(event.streamId, 1)] : undefined));
    const checkpoint = aggregateDocumentId(PROCESS_CHECKPOINTS_TABLE, 'bonus');
    await ledger.execute((tx) => tx.update(PROCESS_CHECKPOINTS_TABLE, checkpoint, { name: 'bonus', sequenceNo: 0, index: 0 }));
    expect(await fresh.catchUp()).toMatchObject({ commands: 0, duplicates: 2 });
    expect((await store.repository(Wallet).load(id)).balance).toBe(11);
    await ledger.close();
  });

  it('follows the journal between start and stop, reacting to commits as they arrive', async () => {
    const { ledger, bus, manager, store } = await setup();
    await manager.start();
    await expect(manager.start()).rejects.toThrow('process manager bonus is already running');
    const id = newJournalId();
    const credits = firstValueFrom(store.events$().pipe(ofType(Credited), take(2), toArray()));
    const opened = await bus.dispatch(new OpenWallet(id, 'ann'));
    expect((await credits).map((e) => e.payload.amount)).toEqual([10, 1]);
    await manager.stop();
    const checkpoint = await manager.checkpoint();
    expect(checkpoint.sequenceNo).toBeGreaterThanOrEqual(opened.events[0].position.sequenceNo);
    expect(checkpoint).not.toEqual({ sequenceNo: opened.events[0].position.sequenceNo, index: 0 });
    expect((await store.repository(Wallet).load(id)).balance).toBe(11);
    await ledger.close();
  });
});
