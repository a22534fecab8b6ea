// Decorated process managers without Nest: registered on ProcessManagers, caught up or followed,
// stopped alone (and reported) by a command that fails, resumed from the failed event; and a type
// named only by @On('Type') counts as declared for the upcaster checks.
import { openTestLedger, removeTempLedgers } from '../engine/test-ledger.fixture';
import { EventStore, InvalidDefinitionError } from '../event-sourcing';
import { CreditWallet, creditedUpcaster, OpenWallet, Wallet, WalletOpened, walletBus } from '../event-sourcing/event-sourcing.fixture';
import { newJournalId } from '../journal';
import { On, ProcessManager, ProcessManagers, type ProcessManagerContext } from '.';
import { until } from './projection.fixture';

afterAll(removeTempLedgers);

@ProcessManager('matching-gift', { checkpointEvery: 2 })
class MatchingGift {
  /** The amount given per opened wallet; 0 makes the command fail. */
  amount = 5;

  @On(WalletOpened)
  opened(event: WalletOpened, { event: recorded }: ProcessManagerContext) {
    return event.owner === 'nobody' ? undefined : [new CreditWallet(recorded.streamId, this.amount)];
  }

  @On('LegacyGiftPromised')
  promised(event: { type: string; walletId: string }) {
    return new CreditWallet(event.walletId, 1);
  }
}

async function setup(logged: string[] = []) {
  const ledger = await openTestLedger();
  const store = new EventStore(ledger, { upcasters: [creditedUpcaster] });
  const bus = walletBus(store);
  const managers = new ProcessManagers(store, bus, { logger: { log: () => undefined, warn: () => undefined, error: (message) => logged.push(message) } });
  return { ledger, store, bus, managers };
}

describe('ProcessManagers', () => {
  it('runs a @ProcessManager instance: each caused command once, from its checkpoint', async () => {
    const { ledger, store, bus, managers } = await setup();
    const gift = new MatchingGift();
    managers.register(gift);
    const [a, b] = [newJournalId(), newJournalId()];
    await bus.execute(new OpenWallet(a, 'ann'));
    await bus.execute(new OpenWallet(b, 'nobody'));
    expect(await managers.catchUp('matching-gift')).toEqual({ events: 2, commands: 1, duplicates: 0 });
    expect(await managers.catchUp('matching-gift')).toEqual({ events: 1, commands: 0, duplicates: 0 });
    await managers.start();
    await expect(managers.catchUp('matching-gift')).rejects.toThrow('process manager matching-gift is running: stop it before catching it up');
    await managers.stop();
    expect((await store.repository(Wallet).load(a)).balance).toBe(5);
    expect(() => managers.checkpoint('gift')).toThrow('no process manager is named "gift" (registered: matching-gift)');
    expect(() => managers.register(new MatchingGift())).toThrow('two process managers are named "matching-gift" (MatchingGift and MatchingGift)');
    expect(() => managers.register({})).toThrow(new InvalidDefinitionError('a process manager must be an instance of a class decorated with @ProcessManager(name)', {}));
    @ProcessManager('reactor')
    class Reactor {
      readonly name = 'not its name';
      react() {}
      @On(WalletOpened) opened() {}
    }
    expect(managers.register(new Reactor()).name).toBe('reactor');
    await ledger.close();
  });

  it('stops one whose command fails, reports it, and resumes from the failed event when started again', async () => {
    const logged: string[] = [];
    const { ledger, store, bus, managers } = await setup(logged);
    const gift = new MatchingGift();
    managers.register(gift);
    gift.amount = 0;
    await managers.start();
    const id = newJournalId();
    const opened = await bus.dispatch(new OpenWallet(id, 'ann'));
    await until(() => managers.running('matching-gift'), (running) => !running, 'the failure');
    expect(logged).toEqual([
      `process manager matching-gift (MatchingGift) stopped: command CreditWallet is invalid: amount must be positive, not 0; started again, it resumes from the event that failed`,
    ]);
    expect(await managers.checkpoint('matching-gift')).toEqual({ sequenceNo: 0, index: 0 });
    gift.amount = 7;
    await managers.start();
    await until(async () => (await store.repository(Wallet).load(id)).balance, (balance) => balance === 7, 'the gift');
    await managers.stop();
    const failed = opened.events[0].position;
    const resumed = await managers.checkpoint('matching-gift');
    expect([resumed.sequenceNo, resumed.index]).not.toEqual([failed.sequenceNo, failed.index]); // past the failed event (whether or not it has seen the gift's own block yet)
    expect(resumed.sequenceNo).toBeGreaterThanOrEqual(failed.sequenceNo);
    await ledger.close();
  });

  it("counts a type named by @On('Type') as declared, so an upcaster for it is accepted", async () => {
    const ledger = await openTestLedger();
    const upcaster = { type: 'LegacyGiftPromised', fromVersion: 1, upcast: (payload: object) => ({ ...payload }) };
    expect(() => new EventStore(ledger, { upcasters: [creditedUpcaster, upcaster] })).not.toThrow();
    expect(() => new EventStore(ledger, { upcasters: [{ ...upcaster, type: 'LegacyGiftPromisd' }] })).toThrow(/an upcaster reads event type "LegacyGiftPromisd" \(version 1\), but no @Event class, @EventHandler or @On declares/);
    await ledger.close();
  });
});
