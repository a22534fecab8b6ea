// What the decorators record about an aggregate class, gathered into one definition: its table
// name, how it loads, and which method folds each event type (with the event classes to rebuild
// stored events as). Definitions are built once per class and checked when built.
import { checkTableName } from '../engine/internal';
import type { AggregateRoot } from './aggregate-root';
import { InvalidDefinitionError } from './errors';
import { eventTypeOfClass, type EventClass } from './event-type';

/** A class of aggregates; it must construct with no arguments (its field initializers give the initial state). */
export type AggregateClass<T extends AggregateRoot = AggregateRoot> = new () => T;

/** Where an aggregate's state comes from when loaded. */
export type LoadStrategy = 'revision' | 'events';

export interface AggregateOptions {
  /** The ledger table of its documents (default: the aggregate's name). */
  name: string;
  /** 'revision' (default): the state document of its latest revision; 'events': fold its events. */
  loadFrom?: LoadStrategy;
}

export interface AggregateDefinition<T extends AggregateRoot = AggregateRoot> {
  type: AggregateClass<T>;
  name: string;
  loadFrom: LoadStrategy;
  /** Event type → the method that folds it. */
  handlers: ReadonlyMap<string, PropertyKey>;
  /** Event type → the class its stored events are rebuilt as. */
  eventClasses: ReadonlyMap<string, EventClass>;
}

interface HandlerRegistration {
  event: EventClass | string;
  method: PropertyKey;
}

const aggregateOptions = new WeakMap<Function, AggregateOptions>();
const handlerRegistrations = new WeakMap<Function, HandlerRegistration[]>();
const definitions = new WeakMap<Function, AggregateDefinition>();

export function defineAggregate(type: Function, options: AggregateOptions): void {
  checkTableName(options.name);
  if (options.loadFrom !== undefined && options.loadFrom !== 'revision' && options.loadFrom !== 'events') {
    throw new InvalidDefinitionError(`@Aggregate(${options.name}) loadFrom must be 'revision' or 'events'`, options.loadFrom);
  }
  aggregateOptions.set(type, options);
}

export function defineEventHandler(type: Function, event: EventClass | string, method: PropertyKey): void {
  if (typeof event !== 'function' && (typeof event !== 'string' || event.length === 0)) {
    throw new InvalidDefinitionError(`@EventHandler on ${type.name}.${String(method)} needs an event class or a type name`, event);
  }
  handlerRegistrations.set(type, [...(handlerRegistrations.get(type) ?? []), { event, method }]);
}

/** The definition of an @Aggregate class (built on first use, then cached). */
export function aggregateDefinition<T extends AggregateRoot>(type: AggregateClass<T>): AggregateDefinition<T> {
  let definition = definitions.get(type);
  if (!definition) {
    definition = buildDefinition(type);
    definitions.set(type, definition);
  }
  return definition as AggregateDefinition<T>;
}

function buildDefinition(type: AggregateClass): AggregateDefinition {
  const options = typeof type === 'function' ? aggregateOptions.get(type) : undefined;
  if (!options) throw new InvalidDefinitionError(`${describeClass(type)} is not an aggregate: decorate it with @Aggregate('Name')`, type);
  const handlers = new Map<string, PropertyKey>();
  const eventClasses = new Map<string, EventClass>();
  for (const level of classChain(type)) {
    const own = new Map<string, PropertyKey>();
    for (const { event, method } of handlerRegistrations.get(level) ?? []) {
      const eventType = typeof event === 'string' ? event : eventTypeOfClass(event);
      if (own.has(eventType)) {
        throw new InvalidDefinitionError(`${level.name} has two @EventHandler methods for ${eventType}: ${String(own.get(eventType))} and ${String(method)}`, eventType);
      }
      own.set(eventType, method);
      handlers.set(eventType, method);
      if (typeof event === 'function') eventClasses.set(eventType, event);
    }
  }
  return { type, name: options.name, loadFrom: options.loadFrom ?? 'revision', handlers, eventClasses };
}

/** The class and its ancestors, the most distant first (a subclass's handlers override its ancestors'). */
function classChain(type: Function): Function[] {
  const chain: Function[] = [];
  for (let current = type; current && current !== Function.prototype; current = Object.getPrototypeOf(current)) chain.unshift(current);
  return chain;
}

function describeClass(type: unknown): string {
  return typeof type === 'function' ? `class ${type.name || '(anonymous)'}` : String(type);
}
