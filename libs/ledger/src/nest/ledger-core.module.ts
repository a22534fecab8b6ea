// One ledger of the application (a global module per LedgerModule.forRoot): opens the ledger while
// the application initializes, provides it and its event store by name (and by class for the
// default ledger), with its projections and process managers, bridges committed events to an event
// bus when asked, starts the ledger's projections and process managers at bootstrap, stops them
// before shutdown and then closes the ledger. The ledger logs through Nest's Logger (context
// 'Ledger') unless the options name another logger.
import {
  Global,
  Inject,
  Logger,
  Module,
  type BeforeApplicationShutdown,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type Provider,
} from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { InvalidArgumentError, Ledger } from '../engine';
import { CommandBus, EventStore, InvalidDefinitionError } from '../event-sourcing';
import { ProcessManagers, Projections } from '../projections';
// Ledgers the module opens run PartiQL statements: loading PartiQL fills the engine's statement port.
import '../partiql';
import { EventSourcingModule } from './event-sourcing.module';
import type { LedgerModuleAsyncOptions, LedgerModuleOptions, LedgerOptionsFactory } from './ledger-module-options';
import { getEventStoreToken, getLedgerToken, getProcessManagersToken, getProjectionsToken, LEDGER_CONNECTION, LEDGER_MODULE_OPTIONS } from './ledger.tokens';

interface LedgerConnection {
  ledger: Ledger;
  store: EventStore;
  projections: Projections;
  processManagers: ProcessManagers;
  options: LedgerModuleOptions;
}

/** An event bus as the bridge uses it (e.g. @nestjs/cqrs's EventBus). */
interface PublishingBus {
  publishAll(events: object[]): unknown;
}

@Global()
@Module({})
export class LedgerCoreModule implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('LedgerModule');

  constructor(
    @Inject(LEDGER_CONNECTION) private readonly connection: LedgerConnection,
    private readonly moduleRef: ModuleRef,
  ) {}

  static register(name: string | undefined, isDefault: boolean, optionsProviders: Provider[], imports: DynamicModule['imports'] = []): DynamicModule {
    const exported = [...(name === undefined ? [] : [name]), ...(isDefault ? [undefined] : [])];
    const aliases = exported.flatMap((key): Provider[] => [
      { provide: getLedgerToken(key), useFactory: (c: LedgerConnection) => c.ledger, inject: [LEDGER_CONNECTION] },
      { provide: getEventStoreToken(key), useFactory: (c: LedgerConnection) => c.store, inject: [LEDGER_CONNECTION] },
      { provide: getProjectionsToken(key), useFactory: (c: LedgerConnection) => c.projections, inject: [LEDGER_CONNECTION] },
      { provide: getProcessManagersToken(key), useFactory: (c: LedgerConnection) => c.processManagers, inject: [LEDGER_CONNECTION] },
    ]);
    return {
      module: LedgerCoreModule,
      imports: [...imports, EventSourcingModule],
      providers: [
        ...optionsProviders,
        { provide: LEDGER_CONNECTION, useFactory: (options: LedgerModuleOptions, bus: CommandBus) => connect(name, options, bus), inject: [LEDGER_MODULE_OPTIONS, CommandBus] },
        ...aliases,
      ],
      exports: [EventSourcingModule, ...aliases.map((p) => (p as { provide: string }).provide)],
    };
  }

  /** The providers of the options of forRootAsync. */
  static asyncOptionsProviders(options: LedgerModuleAsyncOptions): Provider[] {
    if (options.useFactory) return [{ provide: LEDGER_MODULE_OPTIONS, useFactory: options.useFactory, inject: options.inject ?? [] }];
    const factoryClass = options.useClass ?? options.useExisting;
    if (!factoryClass) throw new InvalidDefinitionError('LedgerModule.forRootAsync needs useFactory, useClass or useExisting', options);
    const fromFactory: Provider = {
      provide: LEDGER_MODULE_OPTIONS,
      useFactory: (factory: LedgerOptionsFactory) => factory.createLedgerOptions(),
      inject: [factoryClass],
    };
    return options.useClass ? [fromFactory, { provide: options.useClass, useClass: options.useClass }] : [fromFactory];
  }

  async onApplicationBootstrap(): Promise<void> {
    this.bridgeEventBus();
    this.connection.projections.start();
    await this.connection.processManagers.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.connection.processManagers.stop();
    await this.connection.projections.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.connection.ledger.close();
  }

  private bridgeEventBus(): void {
    const token = this.connection.options.eventBus;
    if (token === undefined) return;
    const bus = this.moduleRef.get<PublishingBus>(token, { strict: false });
    if (typeof bus?.publishAll !== 'function') throw new InvalidDefinitionError(`the eventBus of ledger ${this.connection.ledger.name} has no publishAll(events) method`, token);
    this.connection.store.onCommitted(({ domainEvents }) => {
      Promise.resolve(bus.publishAll(domainEvents)).catch((error: Error) => this.logger.error(`publishing committed events failed: ${error.message}`, error.stack));
    });
  }
}

async function connect(name: string | undefined, options: LedgerModuleOptions, bus: CommandBus): Promise<LedgerConnection> {
  if (name !== undefined && options?.name !== name) {
    throw new InvalidArgumentError(`LedgerModule registered as ${JSON.stringify(name)} was given options for ledger ${JSON.stringify(options?.name)}`, options?.name);
  }
  const ledger = await Ledger.open({ logger: new Logger('Ledger'), ...options });
  const store = new EventStore(ledger, { upcasters: options.upcasters });
  const projections = new Projections(store, { logger: new Logger('Projections'), ...options.projections });
  const processManagers = new ProcessManagers(store, bus, { logger: new Logger('ProcessManagers') });
  return { ledger, store, projections, processManagers, options };
}
