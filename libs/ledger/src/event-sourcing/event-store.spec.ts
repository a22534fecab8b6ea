import { foldProof } from '../crypto';
import { ionHash } from '../ion';
import { eventHash, eventProof, newJournalId, verifyBlock } from '../journal';
import { type Ledger } from '../engine';
import { openTestLedger, removeTempLedgers } from '../engine/test-ledger.fixture';
import { CommandBus } from './command-bus';
import { AggregateNotFoundError, ConcurrencyError, InvalidCommandError } from './errors';
import { EventStore } from './event-store';
import { CreditWallet, creditedUpcaster, EventWallet, FreezeWallet, MoveBetweenWallets, OpenWallet, Wallet, walletHandlers } from './event-sourcing.fixture';
import type { AggregateClass } from './aggregate-root';

afterAll(removeTempLedgers);

async function setup(type: AggregateClass<Wallet> = Wallet, options: ConstructorParameters<typeof EventStore>[1] = { upcasters: [creditedUpcaster] }) {
  const ledger = await openTestLedger();
  const store = new EventStore(ledger, options);
  const wallets = store.repository(type);
  const handlers = walletHandlers(wallets);
  const bus = new CommandBus();
  bus.register(OpenWallet, handlers.open, store);
  bus.register(CreditWallet, handlers.credit, store);
  bus.register(FreezeWallet, handlers.freeze, store);
  bus.register(MoveBetweenWallets, handlers.move, store);
  return { ledger, store, wallets, bus };
}

async function tip(ledger: Ledger): Promise<number> {
  return (await ledger.getDigest()).digestTipAddress.sequenceNo;
}

describe('commands on the ledger', () => {
  it('commits each command as one block: statement, digest, metadata, revision and events that prove to the digest', async () => {
    const { ledger, bus, wallets } = await setup();
    const id = newJournalId();
    await bus.execute(new OpenWallet(id, 'ann'));
    const before = await tip(ledger);
    const outcome = await bus.dispatch(new CreditWallet(id, 5), { correlationId: 'c-1', causationId: 'k-1', actor: 'teller' });
    expect(await tip(ledger)).toBe(before + 1);
    const block = outcome.block!;
    expect(outcome.value).toBe(5);
    expect(block.transactionInfo.statements.map((s) => s.statement)).toEqual(['CreditWallet']);
    expect(block.transactionInfo.documents[id]).toEqual({ tableName: 'Wallet', tableId: expect.any(String), statements: [0] });
    expect(block.transactionInfo).toMatchObject({ correlationId: 'c-1', causationId: 'k-1', actor: 'teller' });
    expect(block.revisions!.map((r) => [r.metadata!.id, r.metadata!.version, r.data])).toEqual([
      [id, 1, { owner: 'ann', balance: 5, frozen: false, credits: [5] }],
    ]);
    expect(block.events).toEqual([
      { type: 'Credited', schemaVersion: 2, aggregate: 'Wallet', streamId: id, streamVersion: 1, occurredAt: expect.any(Date), payload: { amount: 5, currency: 'EUR' } },
    ]);
    expect(outcome.events).toEqual([
      expect.objectContaining({ type: 'Credited', streamId: id, streamVersion: 1, position: { sequenceNo: before + 1, index: 0 }, command: 'CreditWallet', metadata: { correlationId: 'c-1', causationId: 'k-1', actor: 'teller' } }),
    ]);
    expect(verifyBlock(block).valid).toBe(true);
    const { proof, digestTipAddress } = await ledger.getBlock(block.blockAddress);
    const { digest } = await ledger.getDigest();
    expect(digestTipAddress.sequenceNo).toBe(before + 1);
    expect(foldProof(eventHash(block.events![0]), eventProof(block, 0, proof))).toEqual(digest);
    expect((await wallets.load(id)).balance).toBe(5);
    expect(await ledger.verify({ all: true })).toMatchObject({ valid: true });
    await ledger.close();
  });

  it('commits a command over two aggregates as one block with both revisions and events in applied order', async () => {
    const { ledger, bus, wallets } = await setup();
    const [a, b] = [newJournalId(), newJournalId()];
    await bus.execute(new OpenWallet(a, 'a'));
    await bus.execute(new OpenWallet(b, 'b'));
    await bus.execute(new CreditWallet(a, 10));
    const { block } = await bus.dispatch(new MoveBetweenWallets(a, b, 4));
    expect(block!.events!.map((e) => [e.streamId, (e.payload as { amount: number }).amount])).toEqual([
      [a, -4],
      [b, 4],
    ]);
    expect(block!.revisions!.map((r) => r.metadata!.id).sort()).toEqual([a, b].sort());
    expect([(await wallets.load(a)).balance, (await wallets.load(b)).balance]).toEqual([6, 4]);
    await ledger.close();
  });

  it('creates the aggregate table on first use, and writes no block for a command that raised no event', async () => {
    const { ledger, bus } = await setup();
    const id = newJournalId();
    await bus.execute(new OpenWallet(id, 'ann'));
    await bus.execute(new FreezeWallet(id));
    const before = await ledger.getDigest();
    const outcome = await bus.dispatch(new FreezeWallet(id));
    expect(outcome).toEqual({ value: undefined, events: [] });
    expect(await ledger.getDigest()).toEqual(before);
    await ledger.close();
  });

  it('fails with typed errors and writes nothing: unknown aggregate, invalid command, expected version, existing id, no handler', async () => {
    const { ledger, bus } = await setup();
    const id = newJournalId();
    await bus.execute(new OpenWallet(id, 'ann'));
    const before = await ledger.getDigest();
    await expect(bus.execute(new CreditWallet(newJournalId(), 1))).rejects.toThrow(AggregateNotFoundError);
    await expect(bus.execute(new CreditWallet('not-an-id', 1))).rejects.toThrow(/Wallet "not-an-id" not found/);
    await expect(bus.execute(new CreditWallet(id, -1))).rejects.toThrow(new InvalidCommandError(new CreditWallet(id, -1), 'amount must be positive, not -1'));
    await expect(bus.execute(new CreditWallet(id, 1, 3))).rejects.toMatchObject({ code: 'CONCURRENCY', expectedVersion: 3, actualVersion: 0 });
    await expect(bus.execute(new OpenWallet(id, 'again'))).rejects.toThrow(new ConcurrencyError('Wallet', id, -1, 0));
    await expect(bus.execute(new OpenWallet('x'.repeat(257), 'x'))).rejects.toThrow(/is not a string of 1 to 256 characters/);
    await expect(bus.execute({ walletId: id })).rejects.toThrow(new InvalidCommandError('{ walletId } (a plain object)', 'a command must be an instance of a class (new Deposit(...)), not a plain object or another value; build one from the request body'));
    class Unknown {}
    await expect(bus.execute(new Unknown())).rejects.toThrow(/no handler is registered for command Unknown/);
    expect(await ledger.getDigest()).toEqual(before);
    await ledger.close();
  });

  it('refuses a command payload that is not an Ion value', async () => {
    const { ledger, bus } = await setup();
    const command = Object.assign(new OpenWallet(newJournalId(), 'x'), { callback: () => 1 });
    await expect(bus.execute(command)).rejects.toThrow(/command OpenWallet is invalid: its payload is not an Ion value/);
    await ledger.close();
  });
});

describe('loading and reading', () => {
  it('loads the same state and version from the latest revision and by folding the events', async () => {
    const { ledger, bus, wallets, store } = await setup();
    const id = newJournalId();
    await bus.execute(new OpenWallet(id, 'ann'));
    for (const amount of [3, 4, 5]) await bus.execute(new CreditWallet(id, amount));
    await bus.execute(new FreezeWallet(id));
    const fromRevision = await wallets.load(id, { from: 'revision' });
    const fromEvents = await wallets.load(id, { from: 'events' });
    expect(fromEvents.version).toBe(4);
    expect(fromRevision.version).toBe(4);
    expect(ionHash({ ...fromEvents })).toEqual(ionHash({ ...fromRevision }));
    expect({ ...fromEvents }).toEqual({ owner: 'ann', balance: 12, frozen: true, credits: [3, 4, 5] });
    const eventWallets = store.repository(EventWallet);
    expect(eventWallets.definition.loadFrom).toBe('events');
    await ledger.close();
  });

  it('runs commands on an aggregate that loads by folding its events', async () => {
    const { ledger, bus, wallets } = await setup(EventWallet);
    const id = newJournalId();
    await bus.execute(new OpenWallet(id, 'eve'));
    await bus.execute(new CreditWallet(id, 2));
    expect(await bus.execute(new CreditWallet(id, 3))).toBe(5);
    expect((await wallets.load(id, { from: 'revision' })).balance).toBe(5);
    await ledger.close();
  });

  it('reads a stream from a version, and every event in journal order from a position', async () => {
    const { ledger, bus, wallets, store } = await setup();
    const [a, b] = [newJournalId(), newJournalId()];
    await bus.execute(new OpenWallet(a, 'a'));
    await bus.execute(new OpenWallet(b, 'b'));
    await bus.execute(new CreditWallet(a, 1));
    await bus.execute(new MoveBetweenWallets(a, b, 1));
    await ledger.execute((tx) => tx.appendEvents([{ type: 'NotEventSourced' }]));
    expect((await wallets.events(a)).map((e) => [e.type, e.streamVersion])).toEqual([
      ['WalletOpened', 0],
      ['Credited', 1],
      ['Credited', 2],
    ]);
    expect((await wallets.events(a, { fromVersion: 2 })).map((e) => e.streamVersion)).toEqual([2]);
    await expect(wallets.events(newJournalId())).rejects.toThrow(AggregateNotFoundError);
    const all = [];
    for await (const event of store.events({ pageSize: 2 })) all.push(event);
    expect(all.map((e) => [e.streamId, e.type])).toEqual([
      [a, 'WalletOpened'],
      [b, 'WalletOpened'],
      [a, 'Credited'],
      [a, 'Credited'],
      [b, 'Credited'],
    ]);
    const positions = all.map((e) => e.position);
    expect(positions).toEqual([...positions].sort((x, y) => x.sequenceNo - y.sequenceNo || x.index - y.index));
    const resumed = [];
    for await (const event of store.events({ from: { sequenceNo: positions[3].sequenceNo, index: 1 } })) resumed.push(event);
    expect(resumed).toEqual([all[4]]);
    await ledger.close();
  });

  it('upcasts old event versions on read, leaving the stored event and its hash unchanged', async () => {
    const { ledger, store: upcasting } = await setup();
    const id = newJournalId();
    await ledger.execute((tx) => tx.createTable('Wallet'));
    const old = { type: 'Credited', schemaVersion: 1, aggregate: 'Wallet', streamId: id, streamVersion: 0, occurredAt: new Date(0), payload: { cents: 250 } };
    const { block } = await ledger.transact(async (tx) => {
      await tx.insertWithId('Wallet', id, { owner: '', balance: 0, frozen: false, credits: [] });
      tx.appendEvents([old]);
    });
    const [event] = await upcasting.repository(Wallet).events(id);
    expect(event).toMatchObject({ schemaVersion: 2, payload: { amount: 2.5, currency: 'EUR' } });
    expect((await upcasting.repository(Wallet).load(id, { from: 'events' })).balance).toBe(2.5);
    const stored = (await ledger.getBlock(block!.blockAddress)).block;
    expect(eventHash(stored.events![0])).toEqual(eventHash(old));
    await ledger.close();
  });

  it('keeps repositories of one ledger out of another ledger\'s commands', async () => {
    const first = await setup();
    const second = await setup();
    const foreign = new CommandBus();
    foreign.register(OpenWallet, walletHandlers(first.wallets).open, second.store);
    await expect(foreign.execute(new OpenWallet(newJournalId(), 'x'))).rejects.toThrow(/belongs to ledger "test", not to the ledger this command runs on/);
    await first.ledger.close();
    await second.ledger.close();
  });
});
