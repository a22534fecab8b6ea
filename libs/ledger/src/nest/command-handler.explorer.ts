// Finds @CommandHandler classes and methods among the application's providers at module init
// (DiscoveryService + MetadataScanner + Reflector) and registers them on the CommandBus, each on
// its ledger's event store. Also refuses two ledgers that both claim to be the default, and catches
// the @nestjs/cqrs trap: a provider decorated with that library's @CommandHandler (same name, often
// auto-imported) registers nothing here. For a class named with our @Command it fails bootstrap;
// for any other class the bus notes it, so dispatching the command says which import to change.
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, ModuleRef, Reflector } from '@nestjs/core';
import type { InstanceWrapper } from '@nestjs/core/injector/instance-wrapper';
import { Ledger } from '../engine';
import { CommandBus, InvalidDefinitionError, type EventStore } from '../event-sourcing';
import { isDeclaredCommandClass } from '../event-sourcing/internal';
import { COMMAND_HANDLER_METADATA, type CommandHandlerMetadata } from './command-handler.decorator';
import { getEventStoreToken } from './ledger.tokens';

type Handler = (command: object) => unknown;

/** The metadata key @nestjs/cqrs's @CommandHandler sets on a class (its command class). */
const CQRS_COMMAND_HANDLER_METADATA = '__commandHandler__';

@Injectable()
export class CommandHandlerExplorer implements OnModuleInit {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly moduleRef: ModuleRef,
    private readonly commandBus: CommandBus,
  ) {}

  onModuleInit(): void {
    const providers = this.discovery.getProviders();
    const defaults = providers.filter((wrapper) => wrapper.token === Ledger);
    if (defaults.length > 1) {
      throw new InvalidDefinitionError('two LedgerModule registrations claim to be the default ledger: pass default: false to all but one', defaults.length);
    }
    for (const wrapper of providers) this.registerHandlers(wrapper);
    for (const wrapper of providers) this.noteCqrsHandler(wrapper);
  }

  private noteCqrsHandler(wrapper: InstanceWrapper): void {
    const command: unknown = wrapper.metatype ? this.reflector.get(CQRS_COMMAND_HANDLER_METADATA, wrapper.metatype) : undefined;
    if (typeof command !== 'function' || this.commandBus.handles(command)) return;
    if (isDeclaredCommandClass(command)) {
      throw new InvalidDefinitionError(
        `${wrapper.name} is decorated with @nestjs/cqrs's @CommandHandler(${command.name}), but ${command.name} is a ledger @Command with no ledger handler: import CommandHandler from 'nestjs-ledger/nest' instead`,
        wrapper.name,
      );
    }
    this.commandBus.noteForeignHandler(command, wrapper.name);
  }

  private registerHandlers(wrapper: InstanceWrapper): void {
    const { instance, metatype } = wrapper;
    if (!instance || typeof instance !== 'object' || !metatype) return;
    const onClass = this.reflector.get<CommandHandlerMetadata | undefined>(COMMAND_HANDLER_METADATA, metatype);
    if (onClass) this.register(wrapper, onClass, (command) => (instance as { execute: Handler }).execute(command), 'execute');
    for (const method of this.scanner.getAllMethodNames(Object.getPrototypeOf(instance))) {
      const handler = (instance as Record<string, Handler>)[method];
      const onMethod = this.reflector.get<CommandHandlerMetadata | undefined>(COMMAND_HANDLER_METADATA, handler);
      if (onMethod) this.register(wrapper, onMethod, (command) => handler.call(instance, command), method);
    }
  }

  private register(wrapper: InstanceWrapper, metadata: CommandHandlerMetadata, handle: Handler, method: string): void {
    const where = `${wrapper.name}.${method}`;
    if (!wrapper.isDependencyTreeStatic()) throw new InvalidDefinitionError(`command handler ${where} must be a singleton provider, not request-scoped or transient`, where);
    if (typeof (wrapper.instance as Record<string, unknown>)[method] !== 'function') {
      throw new InvalidDefinitionError(`@CommandHandler class ${wrapper.name} needs an execute(command) method`, where);
    }
    this.commandBus.register(metadata.command, handle, this.storeOf(metadata.ledger, where), where);
  }

  private storeOf(ledger: string | undefined, where: string): EventStore {
    try {
      return this.moduleRef.get<EventStore>(getEventStoreToken(ledger), { strict: false });
    } catch {
      const which = ledger === undefined ? 'a default ledger' : `a ledger named ${JSON.stringify(ledger)}`;
      throw new InvalidDefinitionError(`command handler ${where} runs on ${which}, but LedgerModule.forRoot registered none`, ledger);
    }
  }
}
