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
  AggregateRepository,
  CommandBus,
  Ledger,
  newJournalId,
} from 'nestjs-ledger';
import { CommandHandler, InjectAggregateRepository, LedgerModule } from 'nestjs-ledger/nest';
import { Account } from '../bench-account';
import { compare, figure, section, type Measurement } from '../bench-harness';
import type { BenchSuite } from './index';

const SECONDS = 1.5;
const ROUNDS = 3;
const CALLER_COUNTS = [1, 32];


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

async function commands(path: string, callers: number): Promise<Contender> {
  @Module({
    imports: [LedgerModule.forRoot({ name: 'bench', storage: { type: 'sqlite', database: path } }), LedgerModule.forFeature([Account])],
    providers: [DepositHandler],
  })
  class BenchModule {}
  const app = await NestFactory.createApplicationContext(BenchModule, { logger: false });
  const bus = app.get(CommandBus);
  const accounts = Array.from({ length: callers }, () => newJournalId());
  for (const id of accounts) await bus.execute(new Deposit(id, 1, true));
  return {
    round: (n) => concurrently(`command (1 event, 1 aggregate), ${n} caller(s)`, n, (caller) => bus.execute(new Deposit(accounts[caller], 1))),
    close: async () => {
      const { blocks, batches } = app.get(Ledger).commitStats;
      figure(`  blocks per database commit (${callers} callers)`, (blocks / batches).toFixed(1));
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

/** The best of ROUNDS interleaved rounds of each contender (the machine's load varies; interleaving shares it out). */
async function bestOf(contenders: Contender[], callers: number): Promise<Run[]> {
  const best: Run[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, contender] of contenders.entries()) {
      const run = await contender.round(callers);
      const previous = best[i];
      best[i] = !previous || run.measurement.opsPerSecond > previous.measurement.opsPerSecond ? { ...run, failures: run.failures + (previous?.failures ?? 0) } : { ...previous, failures: previous.failures + run.failures };
    }
  }
  return best;
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
      ];
      const [ours, bare, emmett] = await bestOf(contenders, callers);
      for (const contender of contenders) await contender.close();
      compare(ours.measurement, bare.measurement);
      compare(ours.measurement, emmett.measurement);
      if (emmett.failures) figure(`  emmett-sqlite failures (${callers} callers)`, `${emmett.failures} appends failed: ${emmett.firstFailure}`);
    }
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

export const eventSourcingSuite: BenchSuite = { name: 'event-sourcing', run };
