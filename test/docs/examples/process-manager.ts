// A durable saga in a Nest application: a @ProcessManager provider reacts to each committed
// AccountOpened with a Deposit command, started with the application, the command keyed by its
// causing event and carrying its correlation and causation.
// #region hidden
import { strict as assert } from 'node:assert';
import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { firstValueFrom, take, toArray } from 'rxjs';
import {
  Aggregate,
  AggregateRepository,
  AggregateRoot,
  CommandBus,
  Event,
  EventHandler,
  EventStore,
  newJournalId,
  ofType,
  On,
  ProcessManager,
  ProcessManagers,
  type ProcessManagerContext,
} from 'nestjs-ledger';
import { CommandHandler, InjectAggregateRepository, LedgerModule } from 'nestjs-ledger/nest';

@Event('AccountOpened')
class AccountOpened {
  constructor(readonly accountId: string, readonly owner: string) {}
}

@Event('MoneyDeposited')
class MoneyDeposited {
  constructor(readonly accountId: string, readonly amount: number) {}
}

@Aggregate('Account')
class Account extends AggregateRoot {
  balance = 0;

  open(owner: string) {
    this.apply(new AccountOpened(this.id, owner));
  }

  deposit(amount: number) {
    this.apply(new MoneyDeposited(this.id, amount));
  }

  @EventHandler(MoneyDeposited)
  onDeposited(event: MoneyDeposited) {
    this.balance += event.amount;
  }
}

class OpenAccount {
  constructor(readonly accountId: string, readonly owner: string) {}
}

class Deposit {
  constructor(readonly accountId: string, readonly amount: number) {}
}

@Injectable()
class Teller {
  constructor(@InjectAggregateRepository(Account) private readonly accounts: AggregateRepository<Account>) {}

  @CommandHandler(OpenAccount)
  async open({ accountId, owner }: OpenAccount) {
    (await this.accounts.create(accountId)).open(owner);
  }

  @CommandHandler(Deposit)
  async deposit({ accountId, amount }: Deposit) {
    (await this.accounts.load(accountId)).deposit(amount);
  }
}

// #endregion
// #region manager
@Injectable()
@ProcessManager('welcome-bonus') // keys its checkpoint and its commands' idempotency keys: keep it
class WelcomeBonus {
  @On(AccountOpened) // the event as its class; @On('Type') and @OnAny() as in projections
  opened(event: AccountOpened, { event: recorded }: ProcessManagerContext) {
    if (event.owner === 'house' || recorded.metadata.actor === 'migration') return undefined; // no command
    return new Deposit(event.accountId, 50);                  // a command, or an array of them in order
  }
}

@Module({
  imports: [LedgerModule.forRoot({ name: 'bank', storage: { type: 'sqlite', database: 'bank.ledger' } }), LedgerModule.forFeature([Account])],
  providers: [Teller, WelcomeBonus], // found at bootstrap, started with the application, stopped before shutdown
})
class AppModule {}
// #endregion

// #region hidden
async function main() {
  const app = await NestFactory.createApplicationContext(AppModule, { logger: false });
  const [commandBus, eventStore] = [app.get(CommandBus), app.get(EventStore)];
  const id = newJournalId();
  const bonuses = firstValueFrom(eventStore.events$().pipe(ofType(MoneyDeposited), take(1), toArray()));
  // #endregion
  // #region dispatch
  const opened = await commandBus.dispatch(new OpenAccount(id, 'Ann'), { correlationId: 'signup-42' });
  const [bonus] = await bonuses; // the Deposit the process manager sent, committed in its own block
  console.log(bonus.payload, bonus.metadata);
  // MoneyDeposited { accountId: '…', amount: 50 } { correlationId: 'signup-42', causationId: '2:0', idempotencyKey: 'welcome-bonus:2:0:0' }
  // #endregion
  // #region hidden
  const cause = opened.events[0].position;
  assert.ok(bonus.payload instanceof MoneyDeposited);
  assert.deepEqual({ ...bonus.payload }, { accountId: id, amount: 50 });
  assert.deepEqual(bonus.metadata, { correlationId: 'signup-42', causationId: `${cause.sequenceNo}:0`, idempotencyKey: `welcome-bonus:${cause.sequenceNo}:0:0` });
  assert.deepEqual(app.get(ProcessManagers).names, ['welcome-bonus']);
  assert.equal((await app.get(EventStore).repository(Account).load(id)).balance, 50);
  await app.close();
  assert.equal(app.get(ProcessManagers).running('welcome-bonus'), false);
}

main();
// #endregion
