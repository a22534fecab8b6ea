// Test fixture: the 'welcome-bonus' process manager over the wallet fixture: each WalletOpened
// causes a CreditWallet of 10 into that wallet.
import type { Ledger } from '../libs/ledger/src/engine';
import { EventStore, type RecordedEvent } from '../libs/ledger/src/event-sourcing';
import { CreditWallet, creditedUpcaster, walletBus } from '../libs/ledger/src/event-sourcing/event-sourcing.fixture';
import { ProcessManagerRunner } from '../libs/ledger/src/event-sourcing/process-manager';

/** The store, bus and manager; `reacting` is called once the manager has decided an event's commands. */
export function welcomeBonus(ledger: Ledger, reacting: (event: RecordedEvent) => void = () => undefined) {
  const store = new EventStore(ledger, { upcasters: [creditedUpcaster] });
  const bus = walletBus(store);
  const manager = new ProcessManagerRunner('welcome-bonus', store, bus, (event) => {
    if (event.type !== 'WalletOpened') return undefined;
    reacting(event);
    return new CreditWallet(event.streamId, 10);
  });
  return { store, bus, manager };
}
