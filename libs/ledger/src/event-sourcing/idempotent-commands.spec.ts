// Idempotency keys: a keyed command commits at most once per key, the key recorded in its own
// block, so a process that re-sends it (a retry, a restart replaying an event) changes nothing.
import { openTestLedger, removeTempLedgers } from '../engine/test-ledger.fixture';
import { newJournalId } from '../journal';
import { AggregateRepository } from './aggregate-repository';
import { COMMAND_KEYS_TABLE } from './aggregate-store';
import { CommandBus } from './command-bus';
import { InvalidCommandError } from './errors';
import { EventStore } from './event-store';
import { CreditWallet, creditedUpcaster, EventWallet, OpenWallet, Wallet, walletHandlers } from './event-sourcing.fixture';
import { MemoryEventStore } from './testing';
import { UpcasterRegistry } from './upcaster-registry';

afterAll(removeTempLedgers);

describe('idempotent commands', () => {
  it('creates every table a keyed command needs on a new ledger, however many there are', async () => {
    const ledger = await openTestLedger();
    const store = new EventStore(ledger, { upcasters: [creditedUpcaster] });
    const [wallets, eventWallets] = [store.repository(Wallet), store.repository(EventWallet)];
    const bus = new CommandBus();
    const [id, eventId] = [newJournalId(), newJournalId()];
    bus.register(OpenWallet, async (command: OpenWallet) => {
      (await wallets.create(command.walletId)).open(command.owner);
      (await eventWallets.create(eventId)).open(command.owner);
    }, store);
    const outcome = await bus.dispatch(new OpenWallet(id, 'ann'), { idempotencyKey: 'open:ann' });
    expect(outcome.events.map((event) => event.aggregate)).toEqual(['Wallet', 'EventWallet']);
    expect((await eventWallets.load(eventId)).owner).toBe('ann');
    expect(await ledger.query(`SELECT VALUE k.key FROM ${COMMAND_KEYS_TABLE} AS k`)).toEqual(['open:ann']);
    await ledger.close();
  });

  it('commits a keyed command once: a repeat runs no handler and writes nothing, racing repeats commit one block', async () => {
    const ledger = await openTestLedger(undefined, { retry: { maxRetries: 20, baseMs: 1, capMs: 10 } });
    const store = new EventStore(ledger, { upcasters: [creditedUpcaster] });
    const handlers = walletHandlers(store.repository(Wallet));
    let runs = 0;
    const bus = new CommandBus();
    bus.register(OpenWallet, handlers.open, store);
    bus.register(CreditWallet, (command: CreditWallet) => (runs++, handlers.credit(command)), store);
    const id = newJournalId();
    await bus.execute(new OpenWallet(id, 'ann'));
    const first = await bus.dispatch(new CreditWallet(id, 5), { idempotencyKey: 'saga:7:0', causationId: '7:0' });
    expect(first.block!.transactionInfo).toMatchObject({ idempotencyKey: 'saga:7:0', causationId: '7:0' });
    const tip = await ledger.getDigest();
    expect(await bus.dispatch(new CreditWallet(id, 5), { idempotencyKey: 'saga:7:0' })).toEqual({ value: undefined, events: [], duplicate: true });
    expect(await ledger.getDigest()).toEqual(tip);
    expect(runs).toBe(1);
    const racing = await Promise.all([1, 2, 3, 4].map(() => bus.dispatch(new CreditWallet(id, 1), { idempotencyKey: 'saga:8:0' })));
    expect(racing.filter((outcome) => outcome.block).length).toBe(1);
    expect(racing.filter((outcome) => outcome.duplicate).length).toBe(3);
    expect((await store.repository(Wallet).load(id)).balance).toBe(6);
    expect(await ledger.query(`SELECT k.key, k.command FROM ${COMMAND_KEYS_TABLE} AS k`)).toEqual(
      expect.arrayContaining([{ key: 'saga:7:0', command: 'CreditWallet' }, { key: 'saga:8:0', command: 'CreditWallet' }]),
    );
    await expect(bus.execute(new CreditWallet(id, 1), { idempotencyKey: '' })).rejects.toThrow(new InvalidCommandError('CreditWallet', 'its idempotency key must be a string of 1 to 256 characters, not ""'));
    await ledger.close();
  });

  it('keeps keys in memory too', async () => {
    const memory = new MemoryEventStore(new UpcasterRegistry([creditedUpcaster]));
    const handlers = walletHandlers(new AggregateRepository(Wallet, memory));
    const bus = new CommandBus();
    bus.register(OpenWallet, handlers.open, memory);
    bus.register(CreditWallet, handlers.credit, memory);
    await bus.execute(new OpenWallet('w', 'ann'));
    await bus.execute(new CreditWallet('w', 2), { idempotencyKey: 'k' });
    expect((await bus.dispatch(new CreditWallet('w', 2), { idempotencyKey: 'k' })).duplicate).toBe(true);
    expect((await new AggregateRepository(Wallet, memory).load('w')).balance).toBe(2);
  });
});
