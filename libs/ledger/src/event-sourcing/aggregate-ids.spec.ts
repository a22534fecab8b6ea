// Aggregate ids of the user's choosing (UUIDs, business keys): unique per aggregate type, stored
// under a derived journal document id with the id in the revision's document, found by PartiQL,
// loaded from revisions and from events; journal ids (what create() makes) stay their own document ids.
import { randomUUID } from 'node:crypto';
import { InvalidArgumentError } from '../engine';
import { openTestLedger, removeTempLedgers } from '../engine/test-ledger.fixture';
import { isJournalId, newJournalId } from '../journal';
import { AggregateRepository } from './aggregate-repository';
import { aggregateDocumentId, MAX_AGGREGATE_ID_LENGTH } from './aggregate-id';
import { CommandBus } from './command-bus';
import { ConcurrencyError } from './errors';
import { EventStore } from './event-store';
import { CreditWallet, creditedUpcaster, EventWallet, OpenWallet, Wallet, walletHandlers } from './event-sourcing.fixture';
import { MemoryEventStore } from './testing';
import { UpcasterRegistry } from './upcaster-registry';

afterAll(removeTempLedgers);

class OpenEventWallet extends OpenWallet {}
class OpenAnonymous {}

async function setup() {
  const ledger = await openTestLedger(undefined, { retry: { maxRetries: 20, baseMs: 1, capMs: 10 } });
  const store = new EventStore(ledger, { upcasters: [creditedUpcaster] });
  const wallets = store.repository(Wallet);
  const handlers = walletHandlers(wallets);
  const bus = new CommandBus();
  bus.register(OpenWallet, handlers.open, store);
  bus.register(CreditWallet, handlers.credit, store);
  bus.register(OpenEventWallet, walletHandlers(store.repository(EventWallet)).open, store);
  return { ledger, store, wallets, bus };
}

describe('aggregate ids', () => {
  it('stores a business key under a derived document id, with the key in the document, found by PartiQL and loaded both ways', async () => {
    const { ledger, bus, wallets } = await setup();
    const key = 'TRK-2026-000042';
    const { block } = await bus.dispatch(new OpenWallet(key, 'ann'));
    await bus.execute(new CreditWallet(key, 7));
    const documentId = aggregateDocumentId('Wallet', key);
    expect(isJournalId(documentId)).toBe(true);
    expect(Object.keys(block!.transactionInfo.documents)).toEqual([documentId]);
    expect(block!.revisions![0].data).toEqual({ id: key, owner: 'ann', balance: 0, frozen: false, credits: [] });
    expect(block!.events![0]).toMatchObject({ streamId: key, aggregate: 'Wallet' });
    expect(await ledger.query("SELECT w.id, w.balance FROM Wallet AS w WHERE w.id = ?", key)).toEqual([{ id: key, balance: 7 }]);
    const [fromRevision, fromEvents] = [await wallets.load(key), await wallets.load(key, { from: 'events' })];
    expect([fromRevision.id, fromRevision.version, { ...fromRevision }]).toEqual([key, 1, { owner: 'ann', balance: 7, frozen: false, credits: [7] }]);
    expect({ ...fromEvents }).toEqual({ ...fromRevision });
    expect((await wallets.events(key)).map((e) => e.streamVersion)).toEqual([0, 1]);
    await ledger.close();
  });

  it('keeps an id unique per aggregate type: a second create fails, the same key in another type is another aggregate', async () => {
    const { ledger, bus, store } = await setup();
    const uuid = randomUUID();
    await bus.execute(new OpenWallet(uuid, 'ann'));
    await expect(bus.execute(new OpenWallet(uuid, 'bob'))).rejects.toThrow(new ConcurrencyError('Wallet', uuid, -1, 0));
    await bus.execute(new OpenEventWallet(uuid, 'eve'));
    expect(aggregateDocumentId('EventWallet', uuid)).not.toBe(aggregateDocumentId('Wallet', uuid));
    expect([(await store.repository(Wallet).load(uuid)).owner, (await store.repository(EventWallet).load(uuid)).owner]).toEqual(['ann', 'eve']);
    await ledger.close();
  });

  it('lets one of several racing creates of a key commit, the others fail with ConcurrencyError', async () => {
    const { ledger, bus, wallets } = await setup();
    const results = await Promise.allSettled(['a', 'b', 'c', 'd'].map((owner) => bus.execute(new OpenWallet('ACCT-7', owner))));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason)).toEqual([expect.any(ConcurrencyError), expect.any(ConcurrencyError), expect.any(ConcurrencyError)]);
    expect((await wallets.load('ACCT-7')).version).toBe(0);
    await ledger.close();
  });

  it('takes ids of 1 to MAX_AGGREGATE_ID_LENGTH characters; create() without one makes a journal id that is its own document id', async () => {
    const { ledger, bus, wallets, store } = await setup();
    const longest = 'k'.repeat(MAX_AGGREGATE_ID_LENGTH);
    await bus.execute(new OpenWallet(longest, 'ann'));
    await expect(bus.execute(new OpenWallet(`${longest}k`, 'ann'))).rejects.toThrow(new InvalidArgumentError(`Wallet id ${JSON.stringify(`${longest}k`)} is not a string of 1 to 256 characters`, `${longest}k`));
    await expect(bus.execute(new OpenWallet('', 'ann'))).rejects.toThrow(InvalidArgumentError);
    bus.register(OpenAnonymous, async () => {
      const wallet = await wallets.create();
      wallet.open('anonymous');
      return wallet.id;
    }, store);
    const generated = await bus.dispatch<string>(new OpenAnonymous());
    expect(isJournalId(generated.value)).toBe(true);
    expect(Object.keys(generated.block!.transactionInfo.documents)).toEqual([generated.value]);
    expect(aggregateDocumentId('Wallet', newJournalId())).toHaveLength(22);
    await ledger.close();
  });

  it('keys memory streams by aggregate type and id too', async () => {
    const memory = new MemoryEventStore(new UpcasterRegistry([creditedUpcaster]));
    const bus = new CommandBus();
    bus.register(OpenWallet, walletHandlers(new AggregateRepository(Wallet, memory)).open, memory);
    bus.register(OpenEventWallet, walletHandlers(new AggregateRepository(EventWallet, memory)).open, memory);
    await bus.execute(new OpenWallet('TRK-1', 'ann'));
    await bus.execute(new OpenEventWallet('TRK-1', 'eve'));
    await expect(bus.execute(new OpenWallet('TRK-1', 'bob'))).rejects.toThrow(ConcurrencyError);
    expect((await new AggregateRepository(EventWallet, memory).load('TRK-1')).owner).toBe('eve');
  });
});
