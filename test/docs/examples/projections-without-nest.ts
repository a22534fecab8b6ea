// Projections without Nest: registered on a Projections instance over an event store, started,
// waited for, and their status (one caught up, one stopped by a poison event).
// #region hidden
import { strict as assert } from 'node:assert';
import { Aggregate, AggregateRoot, CommandBus, Event, EventHandler, EventStore, Ledger, On, Projection, ProjectionFailedError, Projections } from 'nestjs-ledger';

@Event('MoneyDeposited')
class MoneyDeposited {
  constructor(readonly accountId: string, readonly amount: number) {}
}

@Aggregate('Account')
class Account extends AggregateRoot {
  balance = 0;

  deposit(amount: number) {
    this.apply(new MoneyDeposited(this.id, amount));
  }

  @EventHandler(MoneyDeposited)
  onDeposited(event: MoneyDeposited) {
    this.balance += event.amount;
  }
}

class OpenAccount {
  constructor(readonly amount: number) {}
}

@Projection('balances')
class BalancesProjection {
  readonly balances = new Map<string, number>();

  @On(MoneyDeposited)
  deposited({ accountId, amount }: MoneyDeposited) {
    this.balances.set(accountId, (this.balances.get(accountId) ?? 0) + amount);
  }
}

@Projection('fragile', { retry: { attempts: 2, backoffMs: 1 } })
class FragileProjection {
  @On(MoneyDeposited)
  deposited({ amount }: MoneyDeposited) {
    if (amount === 13) throw new Error('unlucky amount');
  }
}

const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };

async function main() {
  const ledger = await Ledger.open({ name: 'bank', storage: { type: 'sqlite', database: 'bank.ledger' } });
  const commands = new CommandBus();
  const store = new EventStore(ledger);
  commands.register(OpenAccount, async ({ amount }: OpenAccount) => (await store.repository(Account).create()).deposit(amount), store);
  await commands.execute(new OpenAccount(13));
  await commands.execute(new OpenAccount(100));
  // #endregion
  // #region start
  const projections = new Projections(new EventStore(ledger), { leaseMs: 10_000, logger: console });
  projections.register(new BalancesProjection());
  projections.start();
  await projections.caughtUp('balances');
  // #endregion
  // #region hidden
  await projections.stop();
  await statusAfterAFailure(ledger);
  await ledger.close();
}

/** Both projections, the fragile one stopped by its poison event: what status() reports. */
async function statusAfterAFailure(ledger: Ledger) {
  const projections = new Projections(new EventStore(ledger), { logger: quiet });
  projections.register(new BalancesProjection());
  projections.register(new FragileProjection());
  projections.start();
  await projections.caughtUp('balances');
  await assert.rejects(projections.caughtUp('fragile'), ProjectionFailedError);
  // #endregion
  // #region status
  await projections.status();
  // [{ name: 'balances', delivery: 'at-least-once', state: 'caught-up', position: { sequenceNo: 3, index: 1 }, lag: 0 },
  //  { name: 'fragile', delivery: 'at-least-once', state: 'failed', position: { sequenceNo: 2, index: 0 }, lag: 2,
  //    error: { message: 'unlucky amount', position: { sequenceNo: 2, index: 0 } } }]
  // #endregion
  // #region hidden
  const [balances, fragile] = await projections.status();
  assert.deepEqual([balances.state, balances.position, balances.lag], ['caught-up', { sequenceNo: 3, index: 1 }, 0]);
  assert.deepEqual([fragile.state, fragile.error, fragile.lag], ['failed', { message: 'unlucky amount', position: { sequenceNo: 2, index: 0 } }, 2]);
  await projections.stop();
}

main();
// #endregion
