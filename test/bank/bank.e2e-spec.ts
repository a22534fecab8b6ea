// The sample bank's domain (apps/bank) as a Nest 11 application under test, without HTTP: every
// command is one verified block whose events prove to the digest; 200 concurrent transfers keep the
// money; invalid commands write nothing.
import { Test, type TestingModule } from '@nestjs/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AggregateNotFoundError,
  CommandBus,
  Decimal,
  EventStore,
  InvalidCommandError,
  Ledger,
  LedgerClosedError,
  newJournalId,
  type AggregateRepository,
} from 'nestjs-ledger';
import { eventHash, eventProof, foldProof, verifyBlock } from 'nestjs-ledger/verify';
import { getAggregateRepositoryToken, LedgerModule } from 'nestjs-ledger/nest';
import { Account, AccountsModule, Deposit, InsufficientFundsError, money, moneyText, OpenAccount, Transfer, Withdraw } from '../../apps/bank/src/accounts';

const directory = mkdtempSync(join(tmpdir(), 'nestjs-ledger-bank-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

/**
 * Each OCC conflict of a command is caused by another commit inside its attempt, and attempts do not
 * overlap, so none of the 200 concurrent transfers can conflict more than 199 times: with this many
 * retries no transfer fails for want of one, however slow the machine.
 */
const RETRIES_ENOUGH_FOR_200_TRANSFERS = 200;

async function bankApp(file: string): Promise<TestingModule> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      LedgerModule.forRoot({ name: 'bank', storage: { type: 'sqlite', database: join(directory, file) }, retry: { maxRetries: RETRIES_ENOUGH_FOR_200_TRANSFERS, baseMs: 1, capMs: 20 } }),
      AccountsModule,
    ],
  }).compile();
  return moduleRef.init();
}

describe('the bank sample (Nest 11, CommonJS)', () => {
  let app: TestingModule;
  let bus: CommandBus;
  let ledger: Ledger;
  let accounts: AggregateRepository<Account>;

  beforeAll(async () => {
    app = await bankApp('bank.ledger');
    bus = app.get(CommandBus);
    ledger = app.get(Ledger);
    accounts = app.get(getAggregateRepositoryToken(Account));
  });
  afterAll(() => app.close());

  async function tip(): Promise<number> {
    return (await ledger.getDigest()).digestTipAddress.sequenceNo;
  }

  async function open(owner: string, amount?: string): Promise<string> {
    const id = await bus.execute<string>(new OpenAccount(newJournalId(), owner));
    if (amount) await bus.execute(new Deposit(id, money(amount)));
    return id;
  }

  async function balance(id: string, from?: 'events'): Promise<string> {
    return moneyText((await accounts.load(id, from ? { from } : {})).balance);
  }

  it('commits each command as exactly one block that verifies, with events that prove to the digest', async () => {
    const before = await tip();
    const ann = await open('ann');
    const bob = await open('bob');
    const commands = [new Deposit(ann, money('100')), new Withdraw(ann, money('25.00')), new Transfer(ann, bob, money('50'))];
    for (const [i, command] of commands.entries()) {
      const { block, events } = await bus.dispatch(command, { correlationId: `corr-${i}`, actor: 'teller-7' });
      expect(block!.blockAddress.sequenceNo).toBe(before + 3 + i);
      expect(await tip()).toBe(before + 3 + i);
      expect(verifyBlock(block!)).toEqual({ valid: true, problems: [] });
      expect(block!.transactionInfo).toMatchObject({ correlationId: `corr-${i}`, actor: 'teller-7' });
      expect(block!.transactionInfo.statements[0].statement).toBe(command.constructor.name);
      const { proof } = await ledger.getBlock(block!.blockAddress);
      const { digest } = await ledger.getDigest();
      block!.events!.forEach((event, index) => expect(foldProof(eventHash(event), eventProof(block!, index, proof))).toEqual(digest));
      expect(events.map((e) => e.position)).toEqual(block!.events!.map((_, index) => ({ sequenceNo: block!.blockAddress.sequenceNo, index })));
    }
    const { block: transfer } = await bus.dispatch(new Transfer(bob, ann, money('10.5')));
    expect(transfer!.events!.map((e) => [e.type, e.streamId])).toEqual([
      ['MoneyWithdrawn', bob],
      ['MoneyDeposited', ann],
    ]);
    expect(transfer!.revisions!.map((r) => [r.metadata!.id, String(r.data!.balance)]).sort()).toEqual([[ann, '35.50'], [bob, '39.50']].sort());
    expect(await balance(ann)).toBe('35.50');
    expect(await balance(bob, 'events')).toBe('39.50');
    const history = await ledger.execute((tx) => tx.history('Account', { documentId: ann }));
    expect(history.map((r) => r.data!.balance)).toEqual(['0.00', '100.00', '75.00', '25.00', '35.50'].map((text) => new Decimal(text)));
    for (const r of history) expect((r.data!.balance as Decimal).getExponent()).toBe(-2);
    expect(await ledger.verify({ all: true })).toMatchObject({ valid: true, problems: [] });
  });

  it('rejects a withdrawal beyond the balance, an invalid amount and an unknown account with typed errors, writing nothing', async () => {
    const carol = await open('carol', '1');
    const before = await ledger.getDigest();
    await expect(bus.execute(new Withdraw(carol, money('1.01')))).rejects.toThrow(new InsufficientFundsError(carol, money('1'), money('1.01')));
    const negative = new Deposit(carol, new Decimal('-5'));
    await expect(bus.execute(negative)).rejects.toThrow(new InvalidCommandError(negative, 'amount must be a positive decimal with at most two fractional digits, not -5'));
    await expect(bus.execute(new Deposit(carol, new Decimal('0.001')))).rejects.toThrow(/at most two fractional digits, not 0.001/);
    await expect(bus.execute(new Deposit(carol, 0.1 as unknown as Decimal))).rejects.toThrow(/not 0.1$/);
    await expect(bus.execute(new OpenAccount(newJournalId(), ' '))).rejects.toThrow(/owner must be a name, not " "/);
    await expect(bus.execute(new Transfer(carol, carol, money('1')))).rejects.toThrow(/cannot transfer to itself/);
    const unknown = newJournalId();
    await expect(bus.execute(new Transfer(carol, unknown, money('1')))).rejects.toThrow(new AggregateNotFoundError('Account', unknown));
    await expect(bus.execute(new Deposit('nope', money('1')))).rejects.toMatchObject({ code: 'AGGREGATE_NOT_FOUND' });
    expect(await ledger.getDigest()).toEqual(before);
    expect(await balance(carol)).toBe('1.00');
  });

  it('keeps the money under 200 concurrent transfers: no overdraft, no lost update, one block per committed transfer', async () => {
    const ids = await Promise.all(['w', 'x', 'y', 'z'].map((owner) => open(owner, '10')));
    const cents = (n: number) => new Decimal(BigInt(n), -2);
    const before = await tip();
    let seed = 7;
    const random = (n: number) => (seed = (seed * 48271) % 2147483647) % n;
    const transfers = Array.from({ length: 200 }, () => {
      const from = random(4);
      return { from: ids[from], to: ids[(from + 1 + random(3)) % 4], cents: 1 + random(400) };
    });
    const results = await Promise.allSettled(transfers.map((t) => bus.execute(new Transfer(t.from, t.to, cents(t.cents)))));
    const committed = transfers.filter((_, i) => results[i].status === 'fulfilled');
    for (const result of results) {
      if (result.status === 'rejected') expect(result.reason).toBeInstanceOf(InsufficientFundsError);
    }
    expect(committed.length).toBeGreaterThan(100);
    const balances = await Promise.all(ids.map((id) => balance(id)));
    const expected = ids.map((id) => 1_000 + committed.reduce((sum, t) => sum + (t.to === id ? t.cents : 0) - (t.from === id ? t.cents : 0), 0));
    for (const cent of expected) expect(cent).toBeGreaterThanOrEqual(0);
    expect(expected.reduce((a, b) => a + b)).toBe(4_000);
    expect(balances).toEqual(expected.map((n) => moneyText(cents(n))));
    expect(await tip()).toBe(before + committed.length);
    expect(await ledger.verify()).toMatchObject({ valid: true });
  });

  it('reads every event in journal order through the event store', async () => {
    const store = app.get(EventStore);
    const positions: Array<[number, number]> = [];
    for await (const event of store.events()) positions.push([event.position.sequenceNo, event.position.index]);
    expect(positions.length).toBeGreaterThan(200);
    expect(positions).toEqual([...positions].sort((a, b) => a[0] - b[0] || a[1] - b[1]));
  });

  it('closes the ledger at application shutdown', async () => {
    const other = await bankApp('closing.ledger');
    const closing = other.get(Ledger);
    await other.close();
    await expect(closing.execute(() => undefined)).rejects.toThrow(LedgerClosedError);
  });
});
