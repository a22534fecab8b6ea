// The base class of event-sourced aggregates, and the definition its decorators record. Domain
// methods check their rules, then record what happened with `this.apply(event)`, which folds the
// event into the state at once (through the aggregate's @EventHandler method) and keeps it until the
// command commits. The state is the aggregate's own enumerable fields: that is what each revision's
// document holds. The definition gathers what @Aggregate and @EventHandler record about a class: its
// table name, how it loads, and which method folds each event type (with the event classes to rebuild
// stored events as); it is built once per class and checked when built.
import { checkTableName } from '../engine/internal';
import { currentStatement } from './command-scope';
import { InvalidDefinitionError, NEW_AGGREGATE_VERSION } from './errors';
import { declareEventType, describeEvent, eventTypeOfClass, type EventClass, type EventDescription } from './event-type';

/** An event applied but not yet committed, with the order it was applied in (across aggregates). */
export interface PendingEvent extends EventDescription {
  event: object;
  occurredAt: Date;
  order: number;
  /** The statement of the command that applied it, among its unit of work's commands. */
  statement: number;
}

interface Bookkeeping {
  id: string;
  version: number;
  pending: PendingEvent[];
}

const bookkeeping = new WeakMap<AggregateRoot, Bookkeeping>();
let applied = 0;

export abstract class AggregateRoot {
  constructor() {
    bookkeeping.set(this, { id: '', version: NEW_AGGREGATE_VERSION, pending: [] });
  }

  /** The aggregate's id: the id of its documents in the ledger. */
  get id(): string {
    return books(this).id;
  }

  /** The version it was loaded at: its document's version (-1 for an aggregate not yet committed). */
  get version(): number {
    return books(this).version;
  }

  /** Events applied since it was loaded, in order. */
  get uncommittedEvents(): readonly object[] {
    return books(this).pending.map((p) => p.event);
  }

  /** Records an event and folds it into the state through its @EventHandler method (if any). */
  protected apply(event: object): void {
    const description = describeEvent(event);
    foldEvent(this, aggregateDefinition(this.constructor as AggregateClass), description.type, event);
    const { type, schemaVersion, payload } = description;
    books(this).pending.push({ type, schemaVersion, payload, event, occurredAt: new Date(), order: applied++, statement: currentStatement() });
  }
}

/** Calls the aggregate's handler for `type` with `event`; an event type without a handler changes no state. */
export function foldEvent(aggregate: AggregateRoot, definition: AggregateDefinition, type: string, event: object): void {
  const method = definition.handlers.get(type);
  if (method !== undefined) (aggregate as unknown as Record<PropertyKey, (e: object) => void>)[method](event);
}

/** Sets who the aggregate is: its id and the version it was loaded at. */
export function identify(aggregate: AggregateRoot, id: string, version: number): void {
  Object.assign(books(aggregate), { id, version });
}

/** The events applied since load. */
export function pendingEvents(aggregate: AggregateRoot): readonly PendingEvent[] {
  return books(aggregate).pending;
}

function books(aggregate: AggregateRoot): Bookkeeping {
  const entry = bookkeeping.get(aggregate);
  if (!entry) throw new TypeError('AggregateRoot subclasses must call super() in their constructor');
  return entry;
}

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
  if (typeof event === 'string') declareEventType(event);
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
  if (!(type.prototype instanceof AggregateRoot)) {
    throw new InvalidDefinitionError(`class ${type.name} is @Aggregate(${JSON.stringify(options.name)}) but does not extend nestjs-ledger's AggregateRoot: import AggregateRoot from 'nestjs-ledger', not from @nestjs/cqrs`, type.name);
  }
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
