// A process manager as its runner sees it: its name, options and reaction, built from a
// @ProcessManager instance's @On and @OnAny methods. The reaction hands each method the event
// rebuilt as its class (value objects included), with its position and the recorded event, and
// returns what the method returns: a command, several in order, or none.
import { InvalidDefinitionError, type ProcessCommands, type ProcessManagerOptions, type ProcessReaction } from '../event-sourcing';
import { rebuildEvent } from '../event-sourcing/internal';
import { decoratedMethods, eventHandlers, type ProjectionContext, type ProjectionMethod } from './projection-definition';
import { processManagerMetadata, type ProcessManagerMetadata } from './process-manager.decorator';

/** What a process manager's method gets beside the event: its position (which keys the commands) and the event as recorded. */
export type ProcessManagerContext = ProjectionContext;

export interface ProcessManagerDefinition {
  name: string;
  /** The class name, for messages. */
  className: string;
  options: ProcessManagerOptions;
  react: ProcessReaction;
}

/** The definition of a @ProcessManager instance, its handler methods read from its prototype chain. */
export function processManagerDefinition(instance: object): ProcessManagerDefinition {
  const metadata = typeof instance === 'object' && instance !== null ? processManagerMetadata(instance.constructor) : undefined;
  if (!metadata) throw new InvalidDefinitionError('a process manager must be an instance of a class decorated with @ProcessManager(name)', instance);
  return buildProcessManager(instance, metadata, decoratedMethods(instance));
}

/** The definition of `instance` from its metadata and its decorated methods. */
export function buildProcessManager(instance: object, metadata: ProcessManagerMetadata, methods: readonly ProjectionMethod[]): ProcessManagerDefinition {
  const { name, ...options } = metadata;
  const { handlers, catchAll } = eventHandlers(instance, methods, `process manager ${name}`, (message, value) => new InvalidDefinitionError(message, value));
  const react: ProcessReaction = (event) => {
    const handler = handlers.get(event.type) ?? catchAll;
    if (!handler) return undefined;
    return handler.handle(rebuildEvent(event.type, event.payload, handler.eventClass), { position: event.position, event }) as ProcessCommands | Promise<ProcessCommands>;
  };
  return { name, className: instance.constructor.name, options, react };
}
