// Composed commands: a command run through the CommandBus from inside a running handler joins the
// outer command's block and is retried with it, so OCC conflicts never commit it alone or twice.
import { newJournalId, verifyBlock, type Block } from '../journal';
import type { Ledger } from '../engine';
import { openTestLedger, removeTempLedgers } from '../engine/test-ledger.fixture';
import { CommandBus } from './command-bus';
import { InvalidCommandError } from './errors';
import { AggregateRepository } from './aggregate-repository';
import { EventStore } from './event-store';
import { CreditWallet, creditedUpcaster, OpenWallet, Wallet, walletHandlers } from './event-sourcing.fixture';
import { MemoryEventStore } from './testing';
import { UpcasterRegistry } from './upcaster-registry';

afterAll(removeTempLedgers);

/** Credits `walletId` after crediting the audit wallet through the bus (the inner command). */
class CreditAudited {
  constructor(
    readonly walletId: string,
    readonly auditId: string,
    readonly amount: number,
  ) {}
}

class Detached {
  constructor(readonly walletId: string) {}
}

interface Hooks {
  /** Called once the outer handler has loaded the wallet and run the inner command. */
  afterInner?: () => Promise<void>;
}

async function setup(hooks: Hooks = {}) {
  const ledger = await openTestLedger();
  const store = new EventStore(ledger, { upcasters: [creditedUpcaster] });
  const wallets = store.repository(Wallet);
  const handlers = walletHandlers(wallets);
  const bus = new CommandBus();
  const attempts = { outer: 0, inner: 0 };
  bus.register(OpenWallet, handlers.open, store);
  bus.register(CreditWallet, (command: CreditWallet) => (attempts.inner++, handlers.credit(command)), store);
  bus.register(
    CreditAudited,
    async (command: CreditAudited) => {
      attempts.outer++;
      const wallet = await wallets.load(command.walletId);
      await bus.execute(new CreditWallet(command.auditId, 1));
      await hooks.afterInner?.();
      wallet.credit(command.amount);
      return wallet.balance;
    },
    store,
  );
  return { ledger, store, wallets, bus, attempts };
}

async function blocksSince(ledger: Ledger, first: number): Promise<Block[]> {
  const tip = (await ledger.getDigest()).digestTipAddress.sequenceNo;
  return ledger.readBlocks(first, tip);
}

/** A gate that opens once `count` callers wait at it. */
function barrier(count: number): () => Promise<void> {
  let waiting = 0;
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return () => {
    if (++waiting === count) open();
    return opened;
  };
}

describe('composed commands', () => {
  it('commits a command run from inside a handler in the outer command\'s block: both statements, one block', async () => {
    const { ledger, bus, wallets } = await setup();
    const [walletId, auditId] = [newJournalId(), newJournalId()];
    await bus.execute(new OpenWallet(walletId, 'ann'));
    await bus.execute(new OpenWallet(auditId, 'audit'));
    const first = (await ledger.getDigest()).digestTipAddress.sequenceNo + 1;
    const outcome = await bus.dispatch(new CreditAudited(walletId, auditId, 5));
    const blocks = await blocksSince(ledger, first);
    expect(blocks).toHaveLength(1);
    const [block] = blocks;
    expect(block.transactionInfo.statements.map((s) => s.statement)).toEqual(['CreditAudited', 'CreditWallet']);
    expect(block.transactionInfo.documents[walletId].statements).toEqual([0]);
    expect(block.transactionInfo.documents[auditId].statements).toEqual([1]);
    expect(block.events!.map((e) => [e.streamId, e.type])).toEqual([
      [auditId, 'Credited'],
      [walletId, 'Credited'],
    ]);
    expect(outcome.events.map((e) => e.command)).toEqual(['CreditAudited', 'CreditAudited']);
    expect(verifyBlock(block).valid).toBe(true);
    expect([(await wallets.load(walletId)).balance, (await wallets.load(auditId)).balance]).toEqual([5, 1]);
    await ledger.close();
  });

  it('retries the inner command with the outer one on a conflict: one block per outer command, inner effects once each', async () => {
    const gate = barrier(2);
    let firstAttempts = 2;
    const { ledger, bus, wallets, attempts } = await setup({ afterInner: () => (firstAttempts-- > 0 ? gate() : Promise.resolve()) });
    const [walletId, auditId] = [newJournalId(), newJournalId()];
    await bus.execute(new OpenWallet(walletId, 'ann'));
    await bus.execute(new OpenWallet(auditId, 'audit'));
    const first = (await ledger.getDigest()).digestTipAddress.sequenceNo + 1;
    const results = await Promise.all([bus.execute<number>(new CreditAudited(walletId, auditId, 2)), bus.execute<number>(new CreditAudited(walletId, auditId, 3))]);
    expect(Math.max(...results)).toBe(5);
    expect(attempts.outer).toBeGreaterThan(2);
    expect(attempts.inner).toBe(attempts.outer);
    const blocks = await blocksSince(ledger, first);
    expect(blocks.map((b) => b.transactionInfo.statements.map((s) => s.statement))).toEqual([
      ['CreditAudited', 'CreditWallet'],
      ['CreditAudited', 'CreditWallet'],
    ]);
    expect([(await wallets.load(walletId)).balance, (await wallets.load(auditId)).balance]).toEqual([5, 2]);
    await ledger.close();
  });

  it('gives 50 racing composed commands one block each and a consistent state that verifies', async () => {
    const { ledger, bus, wallets } = await setup();
    const [walletId, auditId] = [newJournalId(), newJournalId()];
    await bus.execute(new OpenWallet(walletId, 'ann'));
    await bus.execute(new OpenWallet(auditId, 'audit'));
    const first = (await ledger.getDigest()).digestTipAddress.sequenceNo + 1;
    const racing = Array.from({ length: 50 }, () => bus.execute(new CreditAudited(walletId, auditId, 1), { retry: { maxRetries: 1000, baseMs: 1, capMs: 20 } }));
    await Promise.all(racing);
    const blocks = await blocksSince(ledger, first);
    expect(blocks).toHaveLength(50);
    expect(blocks.every((b) => b.transactionInfo.statements.map((s) => s.statement).join() === 'CreditAudited,CreditWallet')).toBe(true);
    const [wallet, audit] = [await wallets.load(walletId), await wallets.load(auditId)];
    expect([wallet.balance, wallet.version, audit.balance, audit.version]).toEqual([50, 50, 50, 50]);
    expect(await ledger.verify({ all: true })).toMatchObject({ valid: true });
    await ledger.close();
  });

  it('refuses, before anything is written, a joined command on another ledger, with other metadata, or run after its handler returned', async () => {
    const { ledger, bus, store } = await setup();
    const other = await setup();
    const walletId = newJournalId();
    await bus.execute(new OpenWallet(walletId, 'ann'));
    const before = await ledger.getDigest();
    const crossLedger = new CommandBus();
    crossLedger.register(CreditWallet, walletHandlers(other.wallets).credit, other.store);
    crossLedger.register(CreditAudited, () => crossLedger.execute(new CreditWallet(walletId, 1)), store);
    await expect(crossLedger.execute(new CreditAudited(walletId, walletId, 1))).rejects.toThrow(/command CreditWallet is invalid: its handler runs on ledger "test", but it was run from inside command CreditAudited on ledger "test"/);
    const metadata = new CommandBus();
    metadata.register(CreditWallet, walletHandlers(store.repository(Wallet)).credit, store);
    metadata.register(CreditAudited, () => metadata.execute(new CreditWallet(walletId, 1), { actor: 'other' }), store);
    await expect(metadata.execute(new CreditAudited(walletId, walletId, 1), { actor: 'teller' })).rejects.toThrow(/with metadata of its own \({"actor":"other"}\)/);
    let late: Promise<unknown> | undefined;
    metadata.register(Detached, async () => {
      late = new Promise((resolve) => setImmediate(resolve)).then(() => metadata.execute(new CreditWallet(walletId, 1)));
    }, store);
    await metadata.execute(new Detached(walletId));
    await expect(late).rejects.toThrow(new InvalidCommandError('CreditWallet', "it was run from inside command Detached after that command's handler returned: await it inside the handler"));
    expect(await ledger.getDigest()).toEqual(before);
    await ledger.close();
    await other.ledger.close();
  });

  it('joins in memory too (MemoryEventStore)', async () => {
    const store = new MemoryEventStore(new UpcasterRegistry([creditedUpcaster]));
    const wallets = new AggregateRepository(Wallet, store);
    const handlers = walletHandlers(wallets);
    const bus = new CommandBus();
    bus.register(OpenWallet, handlers.open, store);
    bus.register(CreditWallet, handlers.credit, store);
    bus.register(CreditAudited, async (command: CreditAudited) => {
      const outcome = await bus.dispatch(new CreditWallet(command.auditId, 1));
      (await wallets.load(command.walletId)).credit(command.amount);
      return outcome;
    }, store);
    const [walletId, auditId] = [newJournalId(), newJournalId()];
    await bus.execute(new OpenWallet(walletId, 'ann'));
    await bus.execute(new OpenWallet(auditId, 'audit'));
    const outer = await bus.dispatch(new CreditAudited(walletId, auditId, 4));
    expect(outer.value).toEqual({ value: 1, events: [], joined: true });
    expect(outer.events.map((e) => [e.streamId, e.command, e.position.sequenceNo])).toEqual([
      [auditId, 'CreditAudited', 3],
      [walletId, 'CreditAudited', 3],
    ]);
  });
});
