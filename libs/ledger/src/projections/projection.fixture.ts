// Test fixture: accounts that receive deposits (many events per command, for long journals fast),
// the projections the specs and the child processes run (balances kept by SQL exactly once, and a
// projection that records every position it is handed, at-least-once), and a wait for a condition.
import { appendFileSync } from 'node:fs';
import { Aggregate } from '../event-sourcing/aggregate.decorator';
import { AggregateRoot } from '../event-sourcing/aggregate-root';
import { CommandBus } from '../event-sourcing/command-bus';
import { AggregateNotFoundError } from '../event-sourcing/errors';
import { Event } from '../event-sourcing/event.decorator';
import { EventHandler } from '../event-sourcing/event-handler.decorator';
import type { EventStore } from '../event-sourcing/event-store';
import type { EventPosition } from '../event-sourcing';
import { On, OnAny, Projection } from './projection.decorator';
import type { ProjectionContext, ProjectionSqlContext, TransactionalProjectionContext } from './projection-definition';

@Event('MoneyDeposited')
export class MoneyDeposited {
  constructor(
    readonly account: string,
    readonly amount: number,
  ) {}
}

@Aggregate('Account')
export class Account extends AggregateRoot {
  balance = 0;

  deposit(amount: number): void {
    this.apply(new MoneyDeposited(this.id, amount));
  }

  @EventHandler(MoneyDeposited)
  onDeposited(event: MoneyDeposited): void {
    this.balance += event.amount;
  }
}

/** Deposits `amount` `times` times into an account (created on first deposit): one block, `times` events. */
export class Deposit {
  constructor(
    readonly accountId: string,
    readonly amount: number,
    readonly times = 1,
  ) {}
}

/** A command bus with the Deposit handler on `store`. */
export function depositBus(store: EventStore): CommandBus {
  const accounts = store.repository(Account);
  const bus = new CommandBus();
  bus.register(
    Deposit,
    async (command: Deposit) => {
      const account = await accounts.load(command.accountId).catch(async (error: unknown) => {
        if (error instanceof AggregateNotFoundError) return accounts.create(command.accountId);
        throw error;
      });
      for (let i = 0; i < command.times; i++) account.deposit(command.amount);
    },
    store,
  );
  return bus;
}

/** Balances by SQL in the ledger's database, with one row per event handled (a second apply would break its key). */
@Projection('balances', { delivery: 'exactly-once', batchSize: 100, retry: { attempts: 3, backoffMs: 5 } })
export class BalancesProjection {
  async prepare({ query }: ProjectionSqlContext): Promise<void> {
    await query('CREATE TABLE IF NOT EXISTS balances (account TEXT PRIMARY KEY, balance BIGINT NOT NULL)');
    await query('CREATE TABLE IF NOT EXISTS balance_events (sequence_no BIGINT NOT NULL, event_index BIGINT NOT NULL, PRIMARY KEY (sequence_no, event_index))');
  }

  @On(MoneyDeposited)
  async deposited(event: MoneyDeposited, { query, position }: TransactionalProjectionContext): Promise<void> {
    await query('INSERT INTO balance_events (sequence_no, event_index) VALUES (?, ?)', [position.sequenceNo, position.index]);
    await query(
      'INSERT INTO balances (account, balance) VALUES (?, ?) ON CONFLICT (account) DO UPDATE SET balance = balances.balance + excluded.balance',
      [event.account, event.amount],
    );
  }

  async reset({ query }: ProjectionSqlContext): Promise<void> {
    await query('DELETE FROM balances');
    await query('DELETE FROM balance_events');
  }
}

/** Records each position it is handed, in memory and (when given a file) appended to the file. */
@Projection('positions', { batchSize: 100, retry: { attempts: 3, backoffMs: 5 } })
export class PositionsProjection {
  readonly seen: EventPosition[] = [];

  constructor(private readonly file?: string) {}

  @OnAny()
  any(_event: object, { position }: ProjectionContext): void {
    this.seen.push(position);
    if (this.file) appendFileSync(this.file, `${position.sequenceNo}:${position.index}\n`);
  }

  reset(): void {
    this.seen.length = 0;
  }
}

/** Reads every 10 ms until `done` holds for what `read` returned, and returns that; throws naming `what` after `timeoutMs`. */
export async function until<T>(read: () => Promise<T> | T, done: (value: T) => boolean, what: string, timeoutMs = 60_000): Promise<T> {
  for (const deadline = Date.now() + timeoutMs; ; ) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
