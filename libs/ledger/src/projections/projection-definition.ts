// A projection as the runner sees it: its name, options and handlers by event type, built from a
// @Projection instance's metadata (projection.decorator.ts). The Nest module passes the methods its
// discovery found; without Nest, the instance's prototype chain is read.
import type { EventClass, EventPosition, RecordedEvent } from '../event-sourcing';
import { eventTypeOfClass } from '../event-sourcing/internal';
import type { SqlQuery } from '../storage';
import { InvalidProjectionError } from './errors';
import {
  ANY_EVENT,
  PROJECTION_HANDLER_METADATA,
  PROJECTION_METADATA,
  type ProjectionDelivery,
  type ProjectionHandlerEvents,
  type ProjectionMetadata,
  type ProjectionRetry,
} from './projection.decorator';

/** What a handler gets beside the event: the event as recorded, with its position (for idempotency). */
export interface ProjectionContext {
  position: EventPosition;
  event: RecordedEvent;
}

/** An exactly-once handler's context: `query` runs SQL in the transaction that moves the checkpoint. */
export interface TransactionalProjectionContext extends ProjectionContext {
  query: SqlQuery;
}

/** What exactly-once `prepare` and `reset` hooks get: SQL in the ledger's write transaction. */
export interface ProjectionSqlContext {
  query: SqlQuery;
}

export interface ProjectionHandler {
  /** `Class.method`, for messages. */
  where: string;
  /** The class events of its type are rebuilt as; plain `{ type, ...payload }` objects without one. */
  eventClass?: EventClass;
  handle(event: object, context: ProjectionContext): unknown;
}

export interface ProjectionDefinition {
  name: string;
  delivery: ProjectionDelivery;
  retry: Required<ProjectionRetry>;
  batchSize: number;
  ledger?: string;
  /** The class name, for messages. */
  className: string;
  handlers: ReadonlyMap<string, ProjectionHandler>;
  catchAll?: ProjectionHandler;
  /** Runs when the projection starts (in its write transaction, with `query`, when exactly-once), e.g. to create its tables. */
  prepare?(context?: ProjectionSqlContext): unknown;
  /** Runs when it is rebuilt, before its checkpoint goes back to the start (in the same transaction when exactly-once). */
  reset?(context?: ProjectionSqlContext): unknown;
}

/** A method of the instance and the events it was decorated for. */
export interface ProjectionMethod {
  method: string;
  events: ProjectionHandlerEvents;
}

const DEFAULT_RETRY: Required<ProjectionRetry> = { attempts: 5, backoffMs: 100, maxBackoffMs: 5_000 };
const DEFAULT_BATCH_SIZE = 200;

/** The @Projection metadata of a class, if it has any. */
export function projectionMetadata(type: object): ProjectionMetadata | undefined {
  return Reflect.getMetadata(PROJECTION_METADATA, type) as ProjectionMetadata | undefined;
}

/** The events a method was decorated for with @On or @OnAny, if any. */
export function projectionHandlerEvents(method: unknown): ProjectionHandlerEvents | undefined {
  return typeof method === 'function' ? (Reflect.getMetadata(PROJECTION_HANDLER_METADATA, method) as ProjectionHandlerEvents | undefined) : undefined;
}

/** The definition of a @Projection instance, its handler methods read from its prototype chain. */
export function projectionDefinition(instance: object): ProjectionDefinition {
  const metadata = typeof instance === 'object' && instance !== null ? projectionMetadata(instance.constructor) : undefined;
  if (!metadata) throw new InvalidProjectionError('a projection must be an instance of a class decorated with @Projection(name)', instance);
  return buildProjection(instance, metadata, decoratedMethods(instance));
}

/** The definition of `instance` from its metadata and its decorated methods. */
export function buildProjection(instance: object, metadata: ProjectionMetadata, methods: readonly ProjectionMethod[]): ProjectionDefinition {
  const className = instance.constructor.name;
  const { handlers, catchAll } = eventHandlers(instance, methods, `projection ${metadata.name}`, (message, value) => new InvalidProjectionError(message, value));
  return {
    name: metadata.name,
    delivery: metadata.delivery ?? 'at-least-once',
    retry: { ...DEFAULT_RETRY, ...metadata.retry },
    batchSize: metadata.batchSize ?? DEFAULT_BATCH_SIZE,
    ledger: metadata.ledger,
    className,
    handlers,
    catchAll,
    prepare: hook(instance, 'prepare'),
    reset: hook(instance, 'reset'),
  };
}

/** An instance's @On and @OnAny methods as handlers by stored event type, and its catch-all; `owner` names it in errors. */
export function eventHandlers(
  instance: object,
  methods: readonly ProjectionMethod[],
  owner: string,
  invalid: (message: string, value: unknown) => Error,
): { handlers: ReadonlyMap<string, ProjectionHandler>; catchAll?: ProjectionHandler } {
  const className = instance.constructor.name;
  const handlers = new Map<string, ProjectionHandler>();
  let catchAll: ProjectionHandler | undefined;
  for (const { method, events } of methods) {
    const where = `${className}.${method}`;
    const handle = (instance as Record<string, (event: object, context: ProjectionContext) => unknown>)[method].bind(instance);
    for (const event of events) {
      if (event === ANY_EVENT) {
        if (catchAll) throw invalid(`${owner} has two @OnAny() methods (${catchAll.where}, ${where})`, where);
        catchAll = { where, handle };
        continue;
      }
      const type = typeof event === 'string' ? event : eventTypeOfClass(event);
      const taken = handlers.get(type);
      if (taken) throw invalid(`${owner} handles ${type} twice (${taken.where}, ${where})`, type);
      handlers.set(type, { where, handle, eventClass: typeof event === 'string' ? undefined : event });
    }
  }
  if (handlers.size === 0 && !catchAll) throw invalid(`${owner} (${className}) has no @On or @OnAny method`, className);
  return { handlers, catchAll };
}

/** The methods of the instance's classes that carry @On or @OnAny, subclasses first. */
export function decoratedMethods(instance: object): ProjectionMethod[] {
  const methods: ProjectionMethod[] = [];
  const seen = new Set<string>();
  for (let prototype = Object.getPrototypeOf(instance); prototype && prototype !== Object.prototype; prototype = Object.getPrototypeOf(prototype)) {
    for (const method of Object.getOwnPropertyNames(prototype)) {
      if (seen.has(method) || method === 'constructor') continue;
      seen.add(method);
      const events = projectionHandlerEvents(Object.getOwnPropertyDescriptor(prototype, method)?.value);
      if (events) methods.push({ method, events });
    }
  }
  return methods;
}

function hook(instance: object, name: 'prepare' | 'reset'): ((context?: ProjectionSqlContext) => unknown) | undefined {
  const method = (instance as Record<string, unknown>)[name];
  return typeof method === 'function' ? (method.bind(instance) as (context?: ProjectionSqlContext) => unknown) : undefined;
}
