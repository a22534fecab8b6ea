// Test fixture: the wallet fixture in a Nest application: its command handlers as a provider, and
// the decorated 'welcome-bonus' process manager (each WalletOpened causes a CreditWallet of 10 into that wallet, 100 for a
// wallet whose owner is 'vip').
import { Injectable, Module, type DynamicModule } from '@nestjs/common';
import type { AggregateRepository } from '../event-sourcing';
import { On, ProcessManager, type ProcessManagerContext } from '../projections';
import { CreditWallet, creditedUpcaster, FreezeWallet, OpenWallet, Wallet, WalletOpened, walletHandlers } from '../event-sourcing/event-sourcing.fixture';
import type { StorageOptions } from '../storage';
import { CommandHandler } from './command-handler.decorator';
import { InjectAggregateRepository } from './inject-aggregate-repository.decorator';
import { LedgerModule } from './ledger.module';

@Injectable()
export class WalletCommandHandlers {
  private readonly handlers: ReturnType<typeof walletHandlers>;

  constructor(@InjectAggregateRepository(Wallet) wallets: AggregateRepository<Wallet>) {
    this.handlers = walletHandlers(wallets);
  }

  @CommandHandler(OpenWallet)
  open(command: OpenWallet) {
    return this.handlers.open(command);
  }

  @CommandHandler(CreditWallet)
  credit(command: CreditWallet) {
    return this.handlers.credit(command);
  }

  @CommandHandler(FreezeWallet)
  freeze(command: FreezeWallet) {
    return this.handlers.freeze(command);
  }
}

@Injectable()
@ProcessManager('welcome-bonus')
export class WelcomeBonus {
  /** Called once the manager has decided an event's command (the crash test freezes the process there). */
  static reacting: (event: WalletOpened) => void = () => undefined;

  @On(WalletOpened)
  opened(event: WalletOpened, { event: recorded }: ProcessManagerContext) {
    const bonus = new CreditWallet(recorded.streamId, event.owner === 'vip' ? 100 : 10);
    WelcomeBonus.reacting(event);
    return bonus;
  }
}

/** An application module on the ledger at `storage` with the wallet's handlers and the welcome bonus. */
export function welcomeBonusModule(storage: StorageOptions): DynamicModule {
  @Module({
    imports: [LedgerModule.forRoot({ name: 'test', storage, upcasters: [creditedUpcaster] }), LedgerModule.forFeature([Wallet])],
    providers: [WalletCommandHandlers, WelcomeBonus],
  })
  class WelcomeBonusModule {}
  return { module: WelcomeBonusModule };
}
