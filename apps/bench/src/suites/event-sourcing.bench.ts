// Benchmarks of event sourcing on the ledger (SQLite file, WAL, synchronous FULL): commands of one
// event on one aggregate through the NestJS module's CommandBus, each committed as one hash-chained
// block, at 1 and 32 concurrent callers, beside the engine's bare insert at the same concurrency
// (rates, and the CPU each operation cost) and beside Emmett's SQLite event store appending the
// same events (its default settings); at 32 callers, commands with the write thread
// (storage.writerThread, commits pipelined) beside those from the calling thread; then, with one caller, commands on aggregates with business
// ids (mapped to journal document ids) and with a value object in command, event and state beside
// today's command, and a composed command (one block) beside the same work sent as two commands
// (two blocks).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getSQLiteEventStore } from '@event-driven-io/emmett-sqlite';
import {
  Aggregate,
  AggregateRepository,
  AggregateRoot,
  CommandBus,
  Event,
  EventHandler,
  Ledger,
  ValueObject,
  newJournalId,
  type IonStructObject,
} from 'nestjs-ledger';
import { CommandHandler, InjectAggregateRepository, LedgerModule } from 'nestjs-ledger/nest';
import { Account } from '../bench-account';
import { compare, figure, section, type Measurement } from '../bench-harness';
import type { BenchSuite } from './index';

const SECONDS = 1.5;
const ROUNDS = 3;
const CALLER_COUNTS = [1, 32];
/** Aggregates each single-caller case of the second part cycles through. */
const AGGREGATES_PER_CASE = 8;

class Deposit {
  constructor(
    readonly accountId: string,
    readonly amount: number,
    readonly open = false,
  ) {}
}

@CommandHandler(Deposit)
class DepositHandler {
  constructor(@InjectAggregateRepository(Account) private readonly accounts: AggregateRepository<Account>) {}

  async execute(command: Deposit): Promise<number> {
    const account = command.open ? await this.accounts.create(command.accountId) : await this.accounts.load(command.accountId);
    account.deposit(command.amount);
    return account.balance;
  }
}

@ValueObject('BenchMoney', {
  toIon: (money: Money) => ({ cents: money.cents, currency: money.currency }),
  fromIon: (value) => new Money((value as IonStructObject).cents as number, (value as IonStructObject).currency as string),
})
class Money {
  constructor(
    readonly cents: number,
    readonly currency: string,
  ) {}

  plus(other: Money): Money {
    return new Money(this.cents + other.cents, this.currency);
  }
}

@Event('PurseCredited')
class PurseCredited {
  constructor(readonly amount: Money) {}
}

/** An account whose balance is a value object. */
@Aggregate('Purse')
class Purse extends AggregateRoot {
  balance = new Money(0, 'EUR');

  credit(amount: Money): void {
    this.apply(new PurseCredited(amount));
  }

  @EventHandler(PurseCredited)
  onCredited(event: PurseCredited): void {
    this.balance = this.balance.plus(event.amount);
  }
}

class CreditPurse {
  constructor(
    readonly purseId: string,
    readonly amount: Money,
    readonly open = false,
  ) {}
}

@CommandHandler(CreditPurse)
class CreditPurseHandler {
  constructor(@InjectAggregateRepository(Purse) private readonly purses: AggregateRepository<Purse>) {}

  async execute(command: CreditPurse): Promise<void> {
    const purse = command.open ? await this.purses.create(command.purseId) : await this.purses.load(command.purseId);
    purse.credit(command.amount);
  }
}

/** Moves 1 from one account to another: the credit runs as an inner command through the bus, in this command's block. */
class Transfer {
  constructor(
    readonly fromId: string,
    readonly toId: string,
  ) {}
}

@CommandHandler(Transfer)
class TransferHandler {
  constructor(
    @InjectAggregateRepository(Account) private readonly accounts: AggregateRepository<Account>,
    private readonly bus: CommandBus,
  ) {}

  async execute(command: Transfer): Promise<void> {
    await this.bus.execute(new Deposit(command.toId, 1));
    const from = await this.accounts.load(command.fromId);
    from.deposit(-1);
  }
}

interface Run {
  measurement: Measurement;
  /** CPU the process spent per operation (user + system, µs): steadier than rates on a shared machine. */
  cpuMicrosPerOp: number;
  failures: number;
  firstFailure?: string;
}

/** Runs `operation` from `callers` concurrent loops (caller index given) for SECONDS, counting failures. */
async function concurrently(label: string, callers: number, operation: (caller: number) => Promise<unknown>): Promise<Run> {
  let count = 0;
  let failures = 0;
  let firstFailure: string | undefined;
  const started = process.hrtime.bigint();
  const cpuAtStart = process.cpuUsage();
  const deadline = started + BigInt(SECONDS * 1e9);
  const loop = async (caller: number) => {
    while (process.hrtime.bigint() < deadline) {
      try {
        await operation(caller);
        count++;
      } catch (error) {
        failures++;
        firstFailure ??= (error as Error).message;
      }
    }
  };
  await Promise.all(Array.from({ length: callers }, (_, caller) => loop(caller)));
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  const { user, system } = process.cpuUsage(cpuAtStart);
  const measurement = { label, opsPerSecond: count / elapsed, microsPerOp: (elapsed * 1e6) / Math.max(count, 1) };
  return { measurement, cpuMicrosPerOp: (user + system) / Math.max(count, 1), failures, firstFailure };
}

/** A contender: its label, one timed round at the given concurrency, and how it is closed. */
interface Contender {
  round(callers: number): Promise<Run>;
  close(): Promise<void>;
}

async function bareInserts(path: string): Promise<Contender> {
  const ledger = await Ledger.open({ name: 'bench', storage: { type: 'sqlite', database: path } });
  await ledger.execute((tx) => tx.createTable('Account'));
  return {
    round: (callers) =>
      concurrently(`engine bare insert, ${callers} caller(s)`, callers, (n) => ledger.execute((tx) => tx.insert('Account', { owner: 'Jane Q. Customer', balance: n }))),
    close: () => ledger.close(),
  };
}

/** Commands from `callers` callers, the ledger written from the calling thread or (`writerThread`) from its write thread. */
async function commands(path: string, callers: number, writerThread = false): Promise<Contender> {
  @Module({
    imports: [LedgerModule.forRoot({ name: 'bench', storage: { type: 'sqlite', database: path, writerThread } }), LedgerModule.forFeature([Account])],
    providers: [DepositHandler],
  })
  class BenchModule {}
  const app = await NestFactory.createApplicationContext(BenchModule, { logger: false });
  const bus = app.get(CommandBus);
  const accounts = Array.from({ length: callers }, () => newJournalId());
  for (const id of accounts) await bus.execute(new Deposit(id, 1, true));
  return {
    round: (n) => concurrently(`command (1 event, 1 aggregate), ${n} caller(s)${writerThread ? ', writer thread' : ''}`, n, (caller) => bus.execute(new Deposit(accounts[caller], 1))),
    close: async () => {
      const { blocks, batches, pipelined } = app.get(Ledger).commitStats;
      const setting = `${callers} callers${writerThread ? ', writer thread' : ''}`;
      figure(`  blocks per database commit (${setting})`, (blocks / batches).toFixed(1));
      if (writerThread) figure(`  database commits pipelined (${setting})`, `${pipelined} of ${batches}`);
      await app.close();
    },
  };
}

async function emmettAppends(path: string, callers: number): Promise<Contender> {
  const store = getSQLiteEventStore({ fileName: path, schema: { autoMigration: 'CreateOrUpdate' } });
  await store.appendToStream('warm-up', [{ type: 'MoneyDeposited', data: { accountId: 'warm-up', amount: 1 } }]);
  const accounts = Array.from({ length: callers }, () => newJournalId());
  const append = (caller: number) =>
    store.appendToStream(`Account-${accounts[caller]}`, [{ type: 'MoneyDeposited', data: { accountId: accounts[caller], amount: 1 } }]);
  return {
    round: async (n) => {
      const { log, error } = console;
      console.log = console.error = () => undefined; // the store prints each SQLITE_BUSY it rethrows
      try {
        return await concurrently(`emmett-sqlite append (1 event), ${n} caller(s)`, n, append);
      } finally {
        Object.assign(console, { log, error });
      }
    },
    close: async () => undefined,
  };
}

/**
 * The best of ROUNDS interleaved rounds of each contender (the machine's load varies; interleaving
 * shares it out): the round of the highest rate, with the lowest CPU per operation of any round.
 */
async function bestOf(contenders: Contender[], callers: number): Promise<Run[]> {
  const best: Run[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, contender] of contenders.entries()) {
      const run = await contender.round(callers);
      const previous = best[i];
      const faster = !previous || run.measurement.opsPerSecond > previous.measurement.opsPerSecond ? run : previous;
      const failures = run.failures + (previous?.failures ?? 0);
      best[i] = { ...faster, cpuMicrosPerOp: Math.min(run.cpuMicrosPerOp, previous?.cpuMicrosPerOp ?? Infinity), failures };
    }
  }
  return best;
}

/** Prints the CPU per operation of `ours` and of `baseline`, with baseline/ours as the ratio (as rates compare). */
function compareCpu(label: string, ours: Run, baseline: Run): void {
  const [mine, theirs] = [ours.cpuMicrosPerOp, baseline.cpuMicrosPerOp];
  figure(label, `${mine.toFixed(0)} µs against ${theirs.toFixed(0)} µs: ratio ${(theirs / mine).toFixed(2)}x`);
}

/** Opens each aggregate of `ids`, then gives an operation that takes the next one (and the one after) at each call. */
async function cycling(ids: string[], open: (id: string) => Promise<unknown>, operation: (id: string, next: string) => Promise<unknown>): Promise<() => Promise<unknown>> {
  for (const id of ids) await open(id);
  let turn = 0;
  return () => {
    turn = (turn + 1) % ids.length;
    return operation(ids[turn], ids[(turn + 1) % ids.length]);
  };
}

/** Single-caller commands on one Nest application: each new case beside the baseline it adds to. */
async function idsValueObjectsAndComposition(path: string): Promise<void> {
  @Module({
    imports: [LedgerModule.forRoot({ name: 'bench', storage: { type: 'sqlite', database: path } }), LedgerModule.forFeature([Account, Purse])],
    providers: [DepositHandler, CreditPurseHandler, TransferHandler],
  })
  class CasesModule {}
  const app = await NestFactory.createApplicationContext(CasesModule, { logger: false });
  const bus = app.get(CommandBus);
  const ids = (make: (n: number) => string) => Array.from({ length: AGGREGATES_PER_CASE }, (_, n) => make(n));
  const openAccount = (id: string) => bus.execute(new Deposit(id, 1, true));
  const deposit = (id: string) => bus.execute(new Deposit(id, 1));
  const cases: Array<[string, () => Promise<unknown>]> = [
    ['command, journal id', await cycling(ids(() => newJournalId()), openAccount, deposit)],
    ['command, mapped id (TRK-000123)', await cycling(ids((n) => `TRK-${String(n).padStart(6, '0')}`), openAccount, deposit)],
    [
      'command, value object (Money)',
      await cycling(ids(() => newJournalId()), (id) => bus.execute(new CreditPurse(id, new Money(1, 'EUR'), true)), (id) => bus.execute(new CreditPurse(id, new Money(1, 'EUR')))),
    ],
    ['composed transfer (1 block)', await cycling(ids(() => newJournalId()), openAccount, (from, to) => bus.execute(new Transfer(from, to)))],
    ['transfer as 2 commands (2 blocks)', await cycling(ids(() => newJournalId()), openAccount, async (from, to) => (await deposit(to), await bus.execute(new Deposit(from, -1))))],
  ];
  const contenders: Contender[] = cases.map(([label, operation]) => ({
    round: () => concurrently(`${label}, 1 caller`, 1, operation),
    close: async () => undefined,
  }));
  const [journalId, mappedId, valueObject, composed, separate] = await bestOf(contenders, 1);
  await app.close();
  compare(mappedId.measurement, journalId.measurement);
  compare(valueObject.measurement, journalId.measurement);
  compare(composed.measurement, separate.measurement);
  const failures = [journalId, mappedId, valueObject, composed, separate].filter((run) => run.failures > 0);
  for (const run of failures) figure(`  failures: ${run.measurement.label}`, `${run.failures}: ${run.firstFailure}`);
}

async function run(): Promise<void> {
  section('Event sourcing (SQLite file, WAL, synchronous FULL; Emmett at its defaults, also WAL)');
  const directory = mkdtempSync(join(tmpdir(), 'ledger-es-bench-'));
  try {
    for (const callers of CALLER_COUNTS) {
      const contenders = [
        await commands(join(directory, `es-${callers}.ledger`), callers),
        await bareInserts(join(directory, `bare-${callers}.ledger`)),
        await emmettAppends(join(directory, `emmett-${callers}.sqlite`), callers),
        ...(callers > 1 ? [await commands(join(directory, `es-${callers}-thread.ledger`), callers, true)] : []),
      ];
      const [ours, bare, emmett, threaded] = await bestOf(contenders, callers);
      for (const contender of contenders) await contender.close();
      compare(ours.measurement, bare.measurement);
      compareCpu(`  CPU per command vs per bare insert (${callers} callers)`, ours, bare);
      compare(ours.measurement, emmett.measurement);
      if (emmett.failures) figure(`  emmett-sqlite failures (${callers} callers)`, `${emmett.failures} appends failed: ${emmett.firstFailure}`);
      if (threaded) {
        compare(threaded.measurement, ours.measurement);
        compareCpu(`  CPU per command, writer thread vs calling thread (${callers} callers)`, threaded, ours);
      }
    }
    section('Event sourcing: business ids, value objects, composed commands (same ledger settings, 1 caller)');
    await idsValueObjectsAndComposition(join(directory, 'cases.ledger'));
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

export const eventSourcingSuite: BenchSuite = { name: 'event-sourcing', run };
