// Event sourcing in a Nest application: the module configured asynchronously with retries, an
// upcaster and @nestjs/cqrs's event bus; commands executed and dispatched with metadata; every event
// of the ledger read in commit order.
// #region hidden
import { strict as assert } from 'node:assert';
import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CqrsModule, EventBus, EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import { Aggregate, AggregateRepository, AggregateRoot, CommandBus, Event, EventHandler, EventStore, newJournalId, type StorageOptions } from 'nestjs-ledger';
import { CommandHandler, InjectAggregateRepository, LedgerModule } from 'nestjs-ledger/nest';

@Event('MoneyDeposited', { version: 2 })
class MoneyDeposited {
  constructor(readonly accountId: string, readonly amount: number, readonly currency: string) {}
}

@Aggregate('Account')
class Account extends AggregateRoot {
  balance = 0;

  deposit(amount: number) {
    this.apply(new MoneyDeposited(this.id, amount, 'EUR'));
  }

  @EventHandler(MoneyDeposited)
  onDeposited(event: MoneyDeposited) {
    this.balance += event.amount;
  }
}

class Deposit {
  constructor(readonly accountId: string, readonly amount: number) {}
}

@CommandHandler(Deposit)
class DepositHandler {
  constructor(@InjectAggregateRepository(Account) private readonly accounts: AggregateRepository<Account>) {}

  async execute({ accountId, amount }: Deposit) {
    const account = await this.accounts.load(accountId).catch(() => this.accounts.create(accountId));
    account.deposit(amount);
    return account.balance;
  }
}

@EventsHandler(MoneyDeposited)
class DepositNotifier implements IEventHandler<MoneyDeposited> {
  readonly heard: number[] = [];

  handle(event: MoneyDeposited) {
    this.heard.push(event.amount);
  }
}

@Injectable()
class Settings {
  readonly ledgerStorage: StorageOptions = { type: 'sqlite', database: 'bank.ledger' };
}

@Module({ providers: [Settings], exports: [Settings] })
class SettingsModule {}

// #endregion
// #region module
@Module({
  imports: [
    CqrsModule.forRoot(),
    LedgerModule.forRootAsync({
      imports: [SettingsModule],
      inject: [Settings],
      useFactory: (settings: Settings) => ({
        name: 'bank',
        storage: settings.ledgerStorage,
        retry: { maxRetries: 50, baseMs: 2, capMs: 50 }, // a hot aggregate needs more than QLDB's 4 retries
        upcasters: [{ type: 'MoneyDeposited', fromVersion: 1, upcast: (payload) => ({ ...payload, currency: 'EUR' }) }],
        eventBus: EventBus, // @nestjs/cqrs: each command's events are published once it committed
      }),
    }),
    LedgerModule.forFeature([Account]), // repositories: @InjectAggregateRepository(Account)
  ],
  providers: [DepositHandler, DepositNotifier],
})
class AppModule {}
// #endregion

// #region hidden
async function main() {
  const app = await NestFactory.createApplicationContext(AppModule, { logger: false });
  const [commandBus, eventStore] = [app.get(CommandBus), app.get(EventStore)];
  const id = newJournalId();
  // #endregion
  // #region dispatch
  const balance = await commandBus.execute(new Deposit(id, 2_500));            // the handler's result
  const { value, block, events } = await commandBus.dispatch(new Deposit(id, 100), {
    correlationId: 'req-81f', causationId: 'evt-12', actor: 'teller-7',        // into transactionInfo
  });
  // #endregion
  // #region events
  for await (const event of eventStore.events({ from: 0 })) {
    // { type, schemaVersion, aggregate, streamId, streamVersion, occurredAt, payload,
    //   position: { sequenceNo, index }, transactionId, command, metadata: { correlationId, … } }
    console.log(event.type, event.streamVersion, event.position);
  }
  // #endregion
  // #region hidden
  assert.equal(balance, 2500);
  assert.equal(value, 2600);
  assert.equal(block!.transactionInfo.statements[0].statement, 'Deposit');
  assert.equal((block!.transactionInfo as { actor?: string }).actor, 'teller-7');
  assert.deepEqual(events.map((event) => event.payload), [{ accountId: id, amount: 100, currency: 'EUR' }]);
  const types: string[] = [];
  for await (const event of eventStore.events({ from: 0 })) types.push(`${event.type} v${event.schemaVersion} ${event.streamVersion}`);
  assert.deepEqual(types, ['MoneyDeposited v2 0', 'MoneyDeposited v2 1']);
  assert.deepEqual(app.get(DepositNotifier).heard, [2500, 100]);
  await app.close();
}

main();
// #endregion
