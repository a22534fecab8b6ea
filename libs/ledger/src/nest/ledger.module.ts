// LedgerModule: forRoot / forRootAsync register a ledger (a global module that owns it), and
// forFeature registers aggregates, providing one repository each for @InjectAggregateRepository.
import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { aggregateDefinition, type AggregateClass, type EventStore } from '../event-sourcing';
import { LedgerCoreModule } from './ledger-core.module';
import type { LedgerModuleAsyncOptions, LedgerModuleRegistration } from './ledger-module-options';
import { getAggregateRepositoryToken, getEventStoreToken, LEDGER_MODULE_OPTIONS } from './ledger.tokens';

@Module({})
export class LedgerModule {
  /** Opens the ledger `options.name` at application init and closes it at shutdown. */
  static forRoot(registration: LedgerModuleRegistration): DynamicModule {
    const { default: isDefault = true, ...options } = registration;
    return LedgerCoreModule.register(options.name, isDefault, [{ provide: LEDGER_MODULE_OPTIONS, useValue: options }]);
  }

  /** Like forRoot, with options from a factory, a class or an existing provider. */
  static forRootAsync(options: LedgerModuleAsyncOptions): DynamicModule {
    return LedgerCoreModule.register(options.name, options.default ?? true, LedgerCoreModule.asyncOptionsProviders(options), options.imports);
  }

  /** Provides the repositories of `aggregates` on the ledger named `ledger` (default: the default ledger). */
  static forFeature(aggregates: AggregateClass[], ledger?: string): DynamicModule {
    const providers = aggregates.map((aggregate): Provider => {
      aggregateDefinition(aggregate);
      return {
        provide: getAggregateRepositoryToken(aggregate, ledger),
        useFactory: async (store: EventStore) => {
          await store.ensureTable(aggregate);
          return store.repository(aggregate);
        },
        inject: [getEventStoreToken(ledger)],
      };
    });
    return { module: LedgerModule, providers, exports: providers };
  }
}
