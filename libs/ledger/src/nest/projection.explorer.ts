// Finds @Projection providers at module init (DiscoveryService + MetadataScanner + Reflector, as
// the command handler explorer does) and registers each, with its @On and @OnAny methods, on the
// projections of its ledger; the ledger's module starts them at bootstrap and stops them at shutdown.
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, ModuleRef, Reflector } from '@nestjs/core';
import type { InstanceWrapper } from '@nestjs/core/injector/instance-wrapper';
import { InvalidProjectionError, Projections } from '../projections';
import {
  buildProjection,
  PROJECTION_HANDLER_METADATA,
  PROJECTION_METADATA,
  type ProjectionHandlerEvents,
  type ProjectionMetadata,
  type ProjectionMethod,
} from '../projections/internal';
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
    for (const wrapper of this.discovery.getProviders()) this.register(wrapper);
  }

  private register(wrapper: InstanceWrapper): void {
    const { instance, metatype } = wrapper;
    if (!instance || typeof instance !== 'object' || !metatype) return;
    const metadata = this.reflector.get<ProjectionMetadata | undefined>(PROJECTION_METADATA, metatype);
    if (!metadata) return;
    if (!wrapper.isDependencyTreeStatic()) {
      throw new InvalidProjectionError(`projection ${wrapper.name} must be a singleton provider, not request-scoped or transient`, wrapper.name);
    }
    const methods: ProjectionMethod[] = [];
    for (const method of this.scanner.getAllMethodNames(Object.getPrototypeOf(instance))) {
      const events = this.reflector.get<ProjectionHandlerEvents | undefined>(PROJECTION_HANDLER_METADATA, (instance as Record<string, Function>)[method]);
      if (events) methods.push({ method, events });
    }
    this.projectionsOf(metadata.ledger, wrapper.name).register(buildProjection(instance as object, metadata, methods));
  }

  private projectionsOf(ledger: string | undefined, where: string): Projections {
    try {
      return this.moduleRef.get<Projections>(getProjectionsToken(ledger), { strict: false });
    } catch {
      const which = ledger === undefined ? 'a default ledger' : `a ledger named ${JSON.stringify(ledger)}`;
      throw new InvalidProjectionError(`projection ${where} follows ${which}, but LedgerModule.forRoot registered none`, ledger);
    }
  }
}
