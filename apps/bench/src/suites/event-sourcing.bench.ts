// Benchmarks of event sourcing on the ledger (SQLite file, WAL, synchronous FULL): commands of one
// event on one aggregate through the NestJS module's CommandBus, each committed as one hash-chained
// block, at 1 and 32 concurrent callers, beside the engine's bare insert at the same concurrency
// and beside Emmett's SQLite event store appending the same events (its default settings).
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
  CommandHandler,
  Event,
  EventHandler,
  InjectAggregateRepository,
  Ledger,
  LedgerModule,
  newJournalId,
} from 'nestjs-ledger';
import { compare, figure, section, type Measurement } from '../bench-harness';
import type { BenchSuite } from './index';

const SECONDS = 3;
const CALLER_COUNTS = [1, 32];

@Event('MoneyDeposited')
class MoneyDeposited {
  constructor(
    readonly accountId: string,
    readonly amount: number,
  ) {}
}

@Aggregate('Account')
class Account extends AggregateRoot {
  owner = 'Jane Q. Customer';
  balance = 0;

  deposit(amount: number): void {
    this.apply(new MoneyDeposited(this.id, amount));
  }

  @EventHandler(MoneyDeposited)
  onDeposited(event: MoneyDeposited): void {
    this.balance += event.amount;
  }
}

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

interface Run {
  measurement: Measurement;
  failures: number;
  firstFailure?: string;
}

/** Runs `operation` from `callers` concurrent loops (caller index given) for SECONDS, counting failures. */
async function concurrently(label: string, callers: number, operation: (caller: number) => Promise<unknown>): Promise<Run> {
  let count = 0;
  let failures = 0;
  let firstFailure: string | undefined;
  const started = process.hrtime.bigint();
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
  return { measurement: { label, opsPerSecond: count / elapsed, microsPerOp: (elapsed * 1e6) / Math.max(count, 1) }, failures, firstFailure };
}

async function bareInserts(path: string, callers: number): Promise<Measurement> {
  const ledger = await Ledger.open({ name: 'bench', storage: { type: 'sqlite', database: path } });
  await ledger.execute((tx) => tx.createTable('Account'));
  const run = await concurrently(`engine bare insert, ${callers} caller(s)`, callers, (n) =>
    ledger.execute((tx) => tx.insert('Account', { owner: 'Jane Q. Customer', balance: n })),
  );
  await ledger.close();
  return run.measurement;
}

async function commands(path: string, callers: number): Promise<Measurement> {
  @Module({
    imports: [LedgerModule.forRoot({ name: 'bench', storage: { type: 'sqlite', database: path } }), LedgerModule.forFeature([Account])],
    providers: [DepositHandler],
  })
  class BenchModule {}
  const app = await NestFactory.createApplicationContext(BenchModule, { logger: false });
  const bus = app.get(CommandBus);
  const accounts = Array.from({ length: callers }, () => newJournalId());
  for (const id of accounts) await bus.execute(new Deposit(id, 1, true));
  const run = await concurrently(`command (1 event, 1 aggregate), ${callers} caller(s)`, callers, (caller) => bus.execute(new Deposit(accounts[caller], 1)));
  const { blocks, batches } = app.get(Ledger).commitStats;
  figure(`  blocks per database commit (${callers} callers)`, (blocks / batches).toFixed(1));
  if (run.failures) figure('  failed commands', `${run.failures}: ${run.firstFailure}`);
  await app.close();
  return run.measurement;
}

async function emmettAppends(path: string, callers: number): Promise<Run> {
  const store = getSQLiteEventStore({ fileName: path, schema: { autoMigration: 'CreateOrUpdate' } });
  await store.appendToStream('warm-up', [{ type: 'MoneyDeposited', data: { accountId: 'warm-up', amount: 1 } }]);
  const accounts = Array.from({ length: callers }, () => newJournalId());
  const { log, error } = console;
  console.log = console.error = () => undefined; // the store prints each SQLITE_BUSY it rethrows
  try {
    return await concurrently(`emmett-sqlite append (1 event), ${callers} caller(s)`, callers, (caller) =>
      store.appendToStream(`Account-${accounts[caller]}`, [{ type: 'MoneyDeposited', data: { accountId: accounts[caller], amount: 1 } }]),
    );
  } finally {
    Object.assign(console, { log, error });
  }
}

async function run(): Promise<void> {
  section('Event sourcing (SQLite file, WAL, synchronous FULL; Emmett at its defaults)');
  const directory = mkdtempSync(join(tmpdir(), 'ledger-es-bench-'));
  try {
    for (const callers of CALLER_COUNTS) {
      const bare = await bareInserts(join(directory, `bare-${callers}.ledger`), callers);
      const ours = await commands(join(directory, `es-${callers}.ledger`), callers);
      const emmett = await emmettAppends(join(directory, `emmett-${callers}.sqlite`), callers);
      compare(ours, bare);
      compare(ours, emmett.measurement);
      if (emmett.failures) figure(`  emmett-sqlite failures (${callers} callers)`, `${emmett.failures} appends failed: ${emmett.firstFailure}`);
    }
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

export const eventSourcingSuite: BenchSuite = { name: 'event-sourcing', run };
