// Finds @ProcessManager providers at module init (DiscoveryService + MetadataScanner + Reflector, as
// the projection explorer does) and registers each, with its @On and @OnAny methods, on the process
// managers of its ledger; the ledger's module starts them at bootstrap and stops them before shutdown.
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, ModuleRef, Reflector } from '@nestjs/core';
import type { InstanceWrapper } from '@nestjs/core/injector/instance-wrapper';
import { InvalidDefinitionError } from '../event-sourcing';
import { ProcessManagers } from '../projections';
import { buildProcessManager, PROCESS_MANAGER_METADATA, PROJECTION_HANDLER_METADATA, type ProcessManagerMetadata, type ProjectionHandlerEvents, type ProjectionMethod } from '../projections/internal';
import { getProcessManagersToken } from './ledger.tokens';

@Injectable()
export class ProcessManagerExplorer implements OnModuleInit {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly moduleRef: ModuleRef,
  ) {}

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders()) this.register(wrapper);
  }

  private register(wrapper: InstanceWrapper): void {
    const { instance, metatype } = wrapper;
    if (!instance || typeof instance !== 'object' || !metatype) return;
    const metadata = this.reflector.get<ProcessManagerMetadata | undefined>(PROCESS_MANAGER_METADATA, metatype);
    if (!metadata) return;
    if (!wrapper.isDependencyTreeStatic()) {
      throw new InvalidDefinitionError(`process manager ${wrapper.name} must be a singleton provider, not request-scoped or transient`, wrapper.name);
    }
    const methods: ProjectionMethod[] = [];
    for (const method of this.scanner.getAllMethodNames(Object.getPrototypeOf(instance))) {
      const events = this.reflector.get<ProjectionHandlerEvents | undefined>(PROJECTION_HANDLER_METADATA, (instance as Record<string, Function>)[method]);
      if (events) methods.push({ method, events });
    }
    this.managersOf(metadata.ledger, wrapper.name).register(buildProcessManager(instance as object, metadata, methods));
  }

  private managersOf(ledger: string | undefined, where: string): ProcessManagers {
    try {
      return this.moduleRef.get<ProcessManagers>(getProcessManagersToken(ledger), { strict: false });
    } catch {
      const which = ledger === undefined ? 'a default ledger' : `a ledger named ${JSON.stringify(ledger)}`;
      throw new InvalidDefinitionError(`process manager ${where} follows ${which}, but LedgerModule.forRoot registered none`, ledger);
    }
  }
}
