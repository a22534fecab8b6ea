// A projection catching up past an event whose payload was redacted: its handler is called for it
// in its place, rebuilt from the empty payload, with the recorded event marked redacted in its
// context, so a read model can skip it; the projection does not stop.
import { openTestLedger, removeTempLedgers } from '../engine/test-ledger.fixture';
import { EventStore } from '../event-sourcing/event-store';
import { newJournalId } from '../journal';
import { Deposit, depositBus, MoneyDeposited } from './projection.fixture';
import type { ProjectionContext } from './projection-definition';
import { On, Projection } from './projection.decorator';
import { Projections } from './projections';

afterAll(removeTempLedgers);

@Projection('deposits-seen', { retry: { attempts: 1, backoffMs: 1 } })
class DepositsSeen {
  readonly seen: Array<{ amount: unknown; redacted: boolean }> = [];

  @On(MoneyDeposited)
  deposited(event: MoneyDeposited, { event: recorded }: ProjectionContext): void {
    this.seen.push({ amount: event.amount, redacted: recorded.redacted === true });
  }
}

describe('a projection catching up past a redacted event', () => {
  it('gets the event in its place, marked redacted, and goes on', async () => {
    const ledger = await openTestLedger();
    const store = new EventStore(ledger);
    const bus = depositBus(store);
    const account = newJournalId();
    const { events: [first] } = await bus.dispatch(new Deposit(account, 5));
    await bus.execute(new Deposit(account, 7));
    await ledger.redactEvent({ strandId: ledger.strandId, sequenceNo: first.position.sequenceNo }, first.position.index);

    const projections = new Projections(store, { logger: { log: () => undefined, warn: () => undefined, error: () => undefined } });
    const seen = new DepositsSeen();
    projections.register(seen);
    projections.start();
    await projections.caughtUp('deposits-seen');
    await projections.stop();
    expect(seen.seen).toEqual([
      { amount: undefined, redacted: true },
      { amount: 7, redacted: false },
    ]);
    await ledger.close();
  });
});
