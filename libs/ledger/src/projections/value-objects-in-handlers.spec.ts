// Value objects reach projection and process-manager handlers rebuilt as instances of their
// classes, inside events rebuilt as theirs, as they reach aggregates and ofType.
import { openTestLedger, removeTempLedgers } from '../engine/test-ledger.fixture';
import { Aggregate, AggregateRoot, CommandBus, Event, EventHandler, EventStore, ValueObject } from '../event-sourcing';
import type { IonStructObject } from '../ion';
import { newJournalId } from '../journal';
import { On, ProcessManager, ProcessManagers, Projection, Projections } from '.';

afterAll(removeTempLedgers);

@ValueObject('Amount', {
  toIon: (amount: Amount) => ({ cents: amount.cents, currency: amount.currency }),
  fromIon: (value) => new Amount((value as IonStructObject).cents as number, (value as IonStructObject).currency as string),
})
class Amount {
  constructor(
    readonly cents: number,
    readonly currency: string,
  ) {}
}

@Event('PurseCredited')
class PurseCredited {
  constructor(readonly amount: Amount) {}
}

@Aggregate('Purse')
class Purse extends AggregateRoot {
  cents = 0;

  credit(amount: Amount): void {
    this.apply(new PurseCredited(amount));
  }

  @EventHandler(PurseCredited)
  onCredited(event: PurseCredited): void {
    this.cents += event.amount.cents;
  }
}

class CreditPurse {
  constructor(
    readonly purseId: string,
    readonly amount: Amount,
  ) {}
}

@Projection('purse-credits')
class PurseCredits {
  readonly seen: unknown[] = [];

  @On(PurseCredited)
  credited(event: PurseCredited) {
    this.seen.push(event);
  }
}

@ProcessManager('large-credits')
class LargeCredits {
  readonly seen: unknown[] = [];

  @On(PurseCredited)
  credited(event: PurseCredited) {
    this.seen.push(event);
  }
}

describe('value objects in handlers', () => {
  it('reach projections and process managers as instances, in events rebuilt as their classes', async () => {
    const ledger = await openTestLedger();
    const store = new EventStore(ledger);
    const purses = store.repository(Purse);
    const bus = new CommandBus();
    bus.register(CreditPurse, async ({ purseId, amount }: CreditPurse) => (await purses.create(purseId)).credit(amount), store);
    await bus.execute(new CreditPurse(newJournalId(), new Amount(1250, 'EUR')));
    const [projection, manager] = [new PurseCredits(), new LargeCredits()];
    const projections = new Projections(store);
    projections.register(projection);
    projections.start();
    await projections.caughtUp('purse-credits');
    await projections.stop();
    const managers = new ProcessManagers(store, bus);
    managers.register(manager);
    await managers.catchUp('large-credits');
    for (const [event] of [projection.seen, manager.seen]) {
      expect(event).toBeInstanceOf(PurseCredited);
      expect((event as PurseCredited).amount).toEqual(new Amount(1250, 'EUR'));
      expect((event as PurseCredited).amount).toBeInstanceOf(Amount);
    }
    await ledger.close();
  });
});
