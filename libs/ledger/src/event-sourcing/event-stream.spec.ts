// The event store's live event streams: events$ and eventsIterator catch up then follow commands,
// upcast on the way, start where asked, and ofType keeps the events of given classes.
import { firstValueFrom, take, toArray } from 'rxjs';
import { InvalidArgumentError, LedgerClosedError } from '../engine';
import { openTestLedger, removeTempLedgers } from '../engine/test-ledger.fixture';
import { newJournalId } from '../journal';
import { CommandBus } from './command-bus';
import { EventStore, type EventStoreOptions } from './event-store';
import { CreditWallet, Credited, OpenWallet, Wallet, WalletOpened, walletHandlers, creditedUpcaster } from './event-sourcing.fixture';
import { ofType } from './of-type.operator';
import type { RecordedEvent } from './recorded-event';

afterAll(removeTempLedgers);

async function setup(options: EventStoreOptions = { upcasters: [creditedUpcaster] }) {
  const ledger = await openTestLedger(undefined, { retry: { maxRetries: 100, baseMs: 1, capMs: 20 } }); // concurrent commands on one wallet retry
  const store = new EventStore(ledger, options);
  const handlers = walletHandlers(store.repository(Wallet));
  const bus = new CommandBus();
  bus.register(OpenWallet, handlers.open, store);
  bus.register(CreditWallet, handlers.credit, store);
  return { ledger, store, bus };
}

function take$(stream: ReturnType<EventStore['events$']>, n: number): Promise<RecordedEvent[]> {
  return firstValueFrom(stream.pipe(take(n), toArray()));
}

describe('eventStore.events$', () => {
  it('catches up, then follows commands as they commit, in journal order with their positions', async () => {
    const { store, bus, ledger } = await setup();
    const id = newJournalId();
    await bus.execute(new OpenWallet(id, 'ann'));
    for (let i = 1; i <= 5; i++) await bus.execute(new CreditWallet(id, i));
    const all = take$(store.events$(), 16);
    await Promise.all(Array.from({ length: 10 }, (_, i) => bus.execute(new CreditWallet(id, 10 + i))));
    const events = await all;
    expect(events.map((e) => e.streamVersion)).toEqual(Array.from({ length: 16 }, (_, v) => v));
    expect(events.map((e) => e.type)).toEqual(['WalletOpened', ...Array(15).fill('Credited')]);
    const positions = events.map((e) => e.position.sequenceNo);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(new Set(positions).size).toBe(16);
    expect(events[1]).toMatchObject({ command: 'CreditWallet', payload: { amount: 1, currency: 'EUR' }, position: { index: 0 } });
    const replayed: RecordedEvent[] = [];
    for await (const event of store.events()) replayed.push(event);
    expect(events).toEqual(replayed);
    await ledger.close();
  });

  it('starts from now, a block sequenceNo, or an EventPosition (inclusive)', async () => {
    const { store, bus, ledger } = await setup();
    const [a, b] = [newJournalId(), newJournalId()];
    await bus.execute(new OpenWallet(a, 'ann'));
    const live = take$(store.events$({ from: 'now' }), 2);
    await bus.execute(new OpenWallet(b, 'bob'));
    await bus.execute(new CreditWallet(a, 3));
    expect((await live).map((e) => [e.streamId, e.type])).toEqual([
      [b, 'WalletOpened'],
      [a, 'Credited'],
    ]);
    const credited = (await live)[1].position;
    expect((await take$(store.events$({ from: credited.sequenceNo }), 1))[0].position).toEqual(credited);
    expect((await take$(store.events$({ from: credited }), 1))[0].position).toEqual(credited);
    const next = take$(store.events$({ from: { sequenceNo: credited.sequenceNo, index: 1 } }), 1);
    await bus.execute(new CreditWallet(b, 4));
    expect((await next)[0]).toMatchObject({ streamId: b, payload: { amount: 4 } });
    await ledger.close();
  });

  it('upcasts stored events of old schema versions, leaving the stored event as it was', async () => {
    const { store, ledger } = await setup();
    const id = newJournalId();
    await ledger.execute((tx) => tx.createTable('Wallet'));
    await ledger.transact(async (tx) => {
      await tx.insertWithId('Wallet', id, { owner: '', balance: 0, frozen: false, credits: [] });
      tx.appendEvents([{ type: 'Credited', schemaVersion: 1, aggregate: 'Wallet', streamId: id, streamVersion: 0, occurredAt: new Date(0), payload: { cents: 250 } }]);
    });
    const [event] = await take$(store.events$(), 1);
    expect(event).toMatchObject({ type: 'Credited', schemaVersion: 2, payload: { amount: 2.5, currency: 'EUR' } });
    const [record] = await firstValueFrom(ledger.stream({ kinds: ['EVENT'] }).pipe(take(1), toArray()));
    expect(record.payload).toMatchObject({ event: { schemaVersion: 1, payload: { cents: 250 } } });
    await ledger.close();
  });

  it('keeps, with ofType, the events of the given classes, their payloads instances of their classes', async () => {
    const { store, bus, ledger } = await setup();
    const id = newJournalId();
    await bus.execute(new OpenWallet(id, 'ann'));
    await bus.execute(new CreditWallet(id, 7));
    await bus.execute(new CreditWallet(id, 8));
    const credits = await firstValueFrom(store.events$().pipe(ofType(Credited), take(2), toArray()));
    const amounts: number[] = credits.map((e) => e.payload.amount);
    expect(amounts).toEqual([7, 8]);
    expect(credits[0].payload).toEqual(Object.assign(Object.create(Credited.prototype), { amount: 7, currency: 'EUR' }));
    expect(credits[0].payload).toBeInstanceOf(Credited);
    const both = await firstValueFrom(store.events$().pipe(ofType(WalletOpened, Credited), take(3), toArray()));
    expect(both.map((e) => e.type)).toEqual(['WalletOpened', 'Credited', 'Credited']);
    expect(() => ofType()).toThrow(InvalidArgumentError);
    await ledger.close();
  });

  it('pulls through eventsIterator, refuses bad options naming them, and ends with LedgerClosedError on close', async () => {
    const { store, bus, ledger } = await setup();
    const id = newJournalId();
    await bus.execute(new OpenWallet(id, 'ann'));
    const iterator = store.eventsIterator({ pageSize: 1 });
    expect((await iterator.next()).value).toMatchObject({ type: 'WalletOpened', streamId: id });
    expect(() => store.events$({ from: { sequenceNo: -1, index: 0 } })).toThrow(/not \{"sequenceNo":-1,"index":0\}/);
    expect(() => store.eventsIterator({ pageSize: 1.5 })).toThrow(InvalidArgumentError);
    const ended = expect(iterator.next()).rejects.toThrow(LedgerClosedError);
    await ledger.close();
    await ended;
  });
});
