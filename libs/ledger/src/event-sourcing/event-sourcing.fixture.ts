// Test fixture: a small event-sourced wallet (class events, a plain-object event, a versioned
// event) and its command handlers, framework-free.
import { Aggregate } from './aggregate.decorator';
import { AggregateRoot } from './aggregate-root';
import type { AggregateRepository } from './aggregate-repository';
import { CommandBus } from './command-bus';
import type { EventStore } from './event-store';
import { InvalidCommandError } from './errors';
import { Event } from './event.decorator';
import { EventHandler } from './event-handler.decorator';
import type { EventUpcaster } from './upcaster-registry';

@Event('WalletOpened')
export class WalletOpened {
  constructor(readonly owner: string) {}
}

@Event('Credited', { version: 2 })
export class Credited {
  constructor(
    readonly amount: number,
    readonly currency: string,
  ) {}
}

/** Brings Credited version 1 ({ cents }) up to version 2. */
export const creditedUpcaster: EventUpcaster = { type: 'Credited', fromVersion: 1, upcast: (p) => ({ amount: (p.cents as number) / 100, currency: 'EUR' }) };

@Aggregate('Wallet')
export class Wallet extends AggregateRoot {
  owner = '';
  balance = 0;
  frozen = false;
  credits: number[] = [];

  open(owner: string): void {
    this.apply(new WalletOpened(owner));
  }

  credit(amount: number): void {
    if (this.frozen) throw new Error('frozen');
    this.apply(new Credited(amount, 'EUR'));
  }

  freeze(): void {
    if (!this.frozen) this.apply({ type: 'WalletFrozen', reason: 'audit' });
  }

  @EventHandler(WalletOpened)
  onOpened(event: WalletOpened): void {
    this.owner = event.owner;
  }

  @EventHandler(Credited)
  onCredited(event: Credited): void {
    this.balance += event.amount;
    this.credits = [...this.credits, event.amount];
  }

  @EventHandler('WalletFrozen')
  onFrozen(): void {
    this.frozen = true;
  }
}

@Aggregate({ name: 'EventWallet', loadFrom: 'events' })
export class EventWallet extends Wallet {}

export class OpenWallet {
  constructor(
    readonly walletId: string,
    readonly owner: string,
  ) {}
}

export class CreditWallet {
  constructor(
    readonly walletId: string,
    readonly amount: number,
    readonly expectedVersion?: number,
  ) {}
}

export class FreezeWallet {
  constructor(readonly walletId: string) {}
}

export class MoveBetweenWallets {
  constructor(
    readonly from: string,
    readonly to: string,
    readonly amount: number,
  ) {}
}

/** The handlers of the wallet's commands over one repository. */
export function walletHandlers(wallets: AggregateRepository<Wallet>) {
  return {
    open: async (command: OpenWallet) => {
      const wallet = await wallets.create(command.walletId);
      wallet.open(command.owner);
      return wallet.id;
    },
    credit: async (command: CreditWallet) => {
      if (!(command.amount > 0)) throw new InvalidCommandError(command, `amount must be positive, not ${command.amount}`);
      const wallet = await wallets.load(command.walletId, { expectedVersion: command.expectedVersion });
      wallet.credit(command.amount);
      return wallet.balance;
    },
    freeze: async (command: FreezeWallet) => (await wallets.load(command.walletId)).freeze(),
    move: async (command: MoveBetweenWallets) => {
      const [from, to] = [await wallets.load(command.from), await wallets.load(command.to)];
      from.credit(-command.amount);
      to.credit(command.amount);
    },
  };
}

/** A command bus with OpenWallet and CreditWallet handled on `store`'s wallets. */
export function walletBus(store: EventStore): CommandBus {
  const handlers = walletHandlers(store.repository(Wallet));
  const bus = new CommandBus();
  bus.register(OpenWallet, handlers.open, store);
  bus.register(CreditWallet, handlers.credit, store);
  return bus;
}
