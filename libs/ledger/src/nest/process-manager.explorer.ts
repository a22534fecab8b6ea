// Finds @ProcessManager providers at module init (DiscoveryService + MetadataScanner + Reflector, as
// the projection explorer does) and registers each, with its @On and @OnAny methods, on the process
// managers of its ledger; the ledger's module starts them at bootstrap and stops them before shutdown.
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, ModuleRef, Reflector } from '@nestjs/core';
import { InvalidDefinitionError } from '../event-sourcing';
import { ProcessManagers } from '../projections';
import { buildProcessManager, PROCESS_MANAGER_METADATA, type ProcessManagerMetadata } from '../projections/internal';
import { decoratedProviders, ledgerRegistry } from './decorated-providers';
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
    const notSingleton = (name: string) => new InvalidDefinitionError(`process manager ${name} must be a singleton provider, not request-scoped or transient`, name);
    for (const { name, instance, metadata, methods } of decoratedProviders<ProcessManagerMetadata>({ discovery: this.discovery, scanner: this.scanner, reflector: this.reflector }, PROCESS_MANAGER_METADATA, notSingleton)) {
      const missing = (message: string) => new InvalidDefinitionError(`process manager ${name} ${message}`, metadata.ledger);
      ledgerRegistry<ProcessManagers>(this.moduleRef, getProcessManagersToken(metadata.ledger), metadata.ledger, missing).register(buildProcessManager(instance, metadata, methods));
    }
  }
}
