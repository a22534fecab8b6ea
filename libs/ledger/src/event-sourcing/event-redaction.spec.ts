// Reading events after one's payload was redacted: every reader (events(), events$(), a
// repository's events) yields it in its place with its envelope, an empty payload and `redacted`,
// no upcaster runs on it, the aggregate still loads from its revision, and one rebuilt from its
// events refuses with EventRedactedError naming the event.
import { firstValueFrom, take, toArray } from 'rxjs';
import { newJournalId } from '../journal';
import { openTestLedger, removeTempLedgers } from '../engine/test-ledger.fixture';
import { CommandBus } from './command-bus';
import { EventRedactedError } from './errors';
import { EventStore } from './event-store';
import { CreditWallet, creditedUpcaster, OpenWallet, walletHandlers, Wallet } from './event-sourcing.fixture';

afterAll(removeTempLedgers);

/** A wallet opened and credited twice; the first credit's payload redacted. */
async function redactedWallet() {
  const ledger = await openTestLedger();
  const store = new EventStore(ledger, { upcasters: [creditedUpcaster] });
  const wallets = store.repository(Wallet);
  const handlers = walletHandlers(wallets);
  const bus = new CommandBus();
  bus.register(OpenWallet, handlers.open, store);
  bus.register(CreditWallet, handlers.credit, store);
  const id = newJournalId();
  await bus.execute(new OpenWallet(id, 'ann'));
  const { events: [credited] } = await bus.dispatch(new CreditWallet(id, 5));
  await bus.execute(new CreditWallet(id, 7));
  await ledger.redactEvent({ strandId: ledger.strandId, sequenceNo: credited.position.sequenceNo }, credited.position.index);
  return { ledger, store, wallets, id, credited };
}

describe('events after a redaction', () => {
  it('are read in their place, marked redacted with an empty payload, by every reader', async () => {
    const { ledger, store, wallets, id, credited } = await redactedWallet();
    const expected = { type: 'Credited', aggregate: 'Wallet', streamId: id, streamVersion: 1, position: credited.position, payload: {}, redacted: true };
    const all = [];
    for await (const event of store.events()) all.push(event);
    expect(all.map((e) => [e.type, e.streamVersion, e.redacted ?? false])).toEqual([['WalletOpened', 0, false], ['Credited', 1, true], ['Credited', 2, false]]);
    expect(all[1]).toMatchObject(expected);
    expect(all[2].payload).toEqual({ amount: 7, currency: 'EUR' });
    const live = await firstValueFrom(store.events$().pipe(take(3), toArray()));
    expect(live[1]).toMatchObject(expected);
    expect((await wallets.events(id))[1]).toMatchObject(expected);
    await ledger.close();
  });

  it('keep the aggregate loadable from its revision; rebuilt from its events, it refuses with EventRedactedError naming the event', async () => {
    const { ledger, wallets, id, credited } = await redactedWallet();
    expect((await wallets.load(id)).balance).toBe(12);
    const refusal = await wallets.load(id, { from: 'events' }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(EventRedactedError);
    expect(refusal).toMatchObject({ code: 'EVENT_REDACTED', aggregate: 'Wallet', streamId: id, streamVersion: 1, position: credited.position });
    expect((refusal as Error).message).toMatch(/payload of its event at version 1 \(block \d+, index 0\) was redacted/);
    expect(await ledger.verify({ all: true })).toMatchObject({ valid: true });
    await ledger.close();
  });
});
