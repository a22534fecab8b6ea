// Finds @Projection providers at module init (DiscoveryService + MetadataScanner + Reflector, as
// the command handler explorer does) and registers each, with its @On and @OnAny methods, on the
// projections of its ledger; the ledger's module starts them at bootstrap and stops them at shutdown.
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, ModuleRef, Reflector } from '@nestjs/core';
import { InvalidProjectionError, Projections } from '../projections';
import { buildProjection, PROJECTION_METADATA, type ProjectionMetadata } from '../projections/internal';
import { decoratedProviders, ledgerRegistry } from './decorated-providers';
import { getProjectionsToken } from './ledger.tokens';

@Injectable()
export class ProjectionExplorer implements OnModuleInit {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly moduleRef: ModuleRef,
  ) {}

  onModuleInit(): void {
    const notSingleton = (name: string) => new InvalidProjectionError(`projection ${name} must be a singleton provider, not request-scoped or transient`, name);
    for (const { name, instance, metadata, methods } of decoratedProviders<ProjectionMetadata>({ discovery: this.discovery, scanner: this.scanner, reflector: this.reflector }, PROJECTION_METADATA, notSingleton)) {
      const missing = (message: string) => new InvalidProjectionError(`projection ${name} ${message}`, metadata.ledger);
      ledgerRegistry<Projections>(this.moduleRef, getProjectionsToken(metadata.ledger), metadata.ledger, missing).register(buildProjection(instance, metadata, methods));
    }
  }
}
