// The singleton providers whose class carries a decorator's metadata (@Projection, @ProcessManager),
// each with its methods decorated with @On or @OnAny, and the ledger's registry they go to: what the
// projection and process-manager explorers register at module init.
import type { DiscoveryService, MetadataScanner, ModuleRef, Reflector } from '@nestjs/core';
import type { InstanceWrapper } from '@nestjs/core/injector/instance-wrapper';
import { PROJECTION_HANDLER_METADATA, type ProjectionHandlerEvents, type ProjectionMethod } from '../projections/internal';

export interface DecoratedProvider<M> {
  /** The provider's name, for messages. */
  name: string;
  instance: object;
  metadata: M;
  methods: ProjectionMethod[];
}

export interface Discovery {
  discovery: DiscoveryService;
  scanner: MetadataScanner;
  reflector: Reflector;
}

/** The providers decorated with `metadataKey`; one that is request-scoped or transient gets `notSingleton`'s error. */
export function decoratedProviders<M>({ discovery, scanner, reflector }: Discovery, metadataKey: string, notSingleton: (name: string) => Error): Array<DecoratedProvider<M>> {
  return discovery.getProviders().flatMap((wrapper: InstanceWrapper) => {
    const { instance, metatype } = wrapper;
    if (!instance || typeof instance !== 'object' || !metatype) return [];
    const metadata = reflector.get<M | undefined>(metadataKey, metatype);
    if (!metadata) return [];
    if (!wrapper.isDependencyTreeStatic()) throw notSingleton(wrapper.name);
    const methods: ProjectionMethod[] = [];
    for (const method of scanner.getAllMethodNames(Object.getPrototypeOf(instance))) {
      const events = reflector.get<ProjectionHandlerEvents | undefined>(PROJECTION_HANDLER_METADATA, (instance as Record<string, Function>)[method]);
      if (events) methods.push({ method, events });
    }
    return [{ name: wrapper.name, instance: instance as object, metadata, methods }];
  });
}

/** The provider of `token` (a ledger's registry); `missing` makes the error when `ledger` is not registered. */
export function ledgerRegistry<T>(moduleRef: ModuleRef, token: string | Function, ledger: string | undefined, missing: (message: string) => Error): T {
  try {
    return moduleRef.get<T>(token, { strict: false });
  } catch {
    const which = ledger === undefined ? 'a default ledger' : `a ledger named ${JSON.stringify(ledger)}`;
    throw missing(`follows ${which}, but LedgerModule.forRoot registered none`);
  }
}
