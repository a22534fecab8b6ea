import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  Aggregate,
  AggregateNotFoundError,
  AggregateRepository,
  AggregateRoot,
  CommandBus,
  Event,
  EventHandler,
  Ledger,
  newJournalId,
  On,
  OnAny,
  Projection,
  Projections,
  type ProjectionContext,
  type ProjectionSqlContext,
  type TransactionalProjectionContext,
} from 'nestjs-ledger';
import { CommandHandler, InjectAggregateRepository, LedgerModule } from 'nestjs-ledger/nest';

@Event('MoneyDeposited')
class MoneyDeposited {
  constructor(readonly accountId: string, readonly cents: number) {}
}

@Aggregate('Account')
class Account extends AggregateRoot {
  cents = 0;

  deposit(cents: number) {
    this.apply(new MoneyDeposited(this.id, cents));
  }

  @EventHandler(MoneyDeposited)
  onDeposited(event: MoneyDeposited) {
    this.cents += event.cents;
  }
}

class Deposit {
  constructor(readonly accountId: string, readonly cents: number) {}
}

@Injectable()
class AccountCommands {
  constructor(@InjectAggregateRepository(Account) private readonly accounts: AggregateRepository<Account>) {}

  @CommandHandler(Deposit)
  async deposit({ accountId, cents }: Deposit) {
    const account = await this.accounts.load(accountId).catch((error) => {
      if (error instanceof AggregateNotFoundError) return this.accounts.create(accountId);
      throw error;
    });
    account.deposit(cents);
  }
}

// A read model in the ledger's own database, kept exactly once: each batch of handler SQL commits
// in the same transaction as the projection's checkpoint.
@Injectable()
@Projection('balances', { delivery: 'exactly-once' })
class BalancesProjection {
  async prepare({ query }: ProjectionSqlContext) {
    await query('CREATE TABLE IF NOT EXISTS balances (account_id TEXT PRIMARY KEY, cents BIGINT NOT NULL)');
  }

  @On(MoneyDeposited)
  async deposited(event: MoneyDeposited, { query }: TransactionalProjectionContext) {
    await query(
      `INSERT INTO balances (account_id, cents) VALUES (?, ?)
       ON CONFLICT (account_id) DO UPDATE SET cents = balances.cents + excluded.cents`,
      [event.accountId, event.cents],
    );
  }

  async reset({ query }: ProjectionSqlContext) {
    await query('DELETE FROM balances');
  }
}

// At-least-once: side effects elsewhere, made idempotent with the event's position.
@Injectable()
@Projection('notifications', { retry: { attempts: 3, backoffMs: 200 } })
class Notifications {
  readonly sent = new Set<string>();

  @OnAny()
  notify(_event: object, { position, event }: ProjectionContext) {
    const key = `${position.sequenceNo}:${position.index}`; // e.g. an idempotency key for a mail service
    if (this.sent.has(key)) return;
    this.sent.add(key);
    console.log(`notify ${event.type} ${key}`);
  }
}

@Module({
  imports: [LedgerModule.forRoot({ name: 'bank', storage: { type: 'sqlite', database: 'bank.ledger' } }), LedgerModule.forFeature([Account])],
  providers: [AccountCommands, BalancesProjection, Notifications],
})
class AppModule {}

async function main() {
  const app = await NestFactory.createApplicationContext(AppModule, { logger: false });
  const [bus, projections, ledger] = [app.get(CommandBus), app.get(Projections), app.get(Ledger)];
  const ann = newJournalId();
  await bus.execute(new Deposit(ann, 2500));
  await bus.execute(new Deposit(ann, 1000));

  const balance = async () => (await ledger.readDatabase((query) => query<{ cents: number }>('SELECT cents FROM balances')))[0].cents;
  const { position } = await projections.caughtUp('balances');
  console.log(`balance ${await balance()}, checkpoint ${position.sequenceNo}:${position.index}`);

  await projections.rebuild('balances'); // reset() and the checkpoint in one transaction, then a replay
  await projections.caughtUp('balances');
  await projections.caughtUp('notifications');
  console.log(`after rebuild: balance ${await balance()}`);
  await app.close(); // stops the projections, then closes the ledger
}

main();
