// @Projection('balances', options) on a class, @On(MoneyDeposited, …) and @OnAny() on its methods:
// the metadata a projection is built from (projection-definition.ts), by the Nest module's
// discovery or by Projections.register without Nest. @OnAny() is the catch-all: it receives every
// event that no @On method of the projection handles. @ProcessManager classes use the same @On and
// @OnAny. A type named as a string is declared (for the upcaster checks), as @EventHandler's is.
import 'reflect-metadata';
import type { EventClass } from '../event-sourcing';
import { declareEventType, isDeclaredEventClass } from '../event-sourcing/internal';
import { InvalidProjectionError } from './errors';

export const PROJECTION_METADATA = 'nestjs-ledger:projection';
export const PROJECTION_HANDLER_METADATA = 'nestjs-ledger:projection-handler';

/** The catch-all's marker among a handler's event types. */
export const ANY_EVENT = Symbol('any event');

export type ProjectionDelivery = 'at-least-once' | 'exactly-once';

export interface ProjectionRetry {
  /** Tries per event before the projection stops as failed (default 5). */
  attempts?: number;
  /** Wait before the second try, doubled before each next one (default 100 ms). */
  backoffMs?: number;
  /** Longest wait between tries (default 5,000 ms). */
  maxBackoffMs?: number;
}

export interface ProjectionOptions {
  /**
   * 'at-least-once' (default): handlers get each event with its position, and may see an event
   * again after a crash. 'exactly-once': handlers get a `query` that runs in the transaction that
   * also moves the checkpoint, so their SQL writes are applied once.
   */
  delivery?: ProjectionDelivery;
  retry?: ProjectionRetry;
  /** Most events handled per checkpoint write (per database transaction when exactly-once; default 200). */
  batchSize?: number;
  /** The ledger whose events it follows, in the Nest module (default: the default ledger). */
  ledger?: string;
}

export interface ProjectionMetadata extends ProjectionOptions {
  name: string;
}

/** What a handler method was decorated with: event classes, type names, or the catch-all marker. */
export type ProjectionHandlerEvents = Array<EventClass | string | typeof ANY_EVENT>;

export function Projection(name: string, options: ProjectionOptions = {}): ClassDecorator {
  if (typeof name !== 'string' || name.length === 0) throw new InvalidProjectionError('@Projection needs a non-empty name (it keys the checkpoint)', name);
  checkOptions(name, options);
  return (target) => Reflect.defineMetadata(PROJECTION_METADATA, { ...options, name } satisfies ProjectionMetadata, target);
}

/** Handles the events of the given classes (declared with @Event) or stored type names. */
export function On(...events: Array<EventClass | string>): MethodDecorator {
  if (events.length === 0) throw new InvalidProjectionError('@On needs at least one event class or type name', events);
  for (const event of events) checkEvent(event);
  return handlerDecorator(events);
}

/** Handles every event that no @On method of the projection handles. */
export function OnAny(): MethodDecorator {
  return handlerDecorator([ANY_EVENT]);
}

function handlerDecorator(events: ProjectionHandlerEvents): MethodDecorator {
  return (_target, method, descriptor) => {
    if (typeof descriptor.value !== 'function') throw new InvalidProjectionError(`@On and @OnAny go on methods; ${String(method)} is not one`, method);
    Reflect.defineMetadata(PROJECTION_HANDLER_METADATA, events, descriptor.value);
  };
}

function checkEvent(event: unknown): void {
  if (typeof event === 'string') {
    if (event.length === 0 || event === '*') throw new InvalidProjectionError('@On takes event type names (not empty; the catch-all is @OnAny())', event);
    declareEventType(event);
    return;
  }
  if (!isDeclaredEventClass(event)) {
    const what = typeof event === 'function' ? `class ${event.name}` : String(event);
    throw new InvalidProjectionError(`@On(${what}): not an event class; declare it with @Event('Name'), or give the stored type name as a string`, event);
  }
}

function checkOptions(name: string, options: ProjectionOptions): void {
  const where = `@Projection(${JSON.stringify(name)})`;
  if (typeof options !== 'object' || options === null) throw new InvalidProjectionError(`${where} options must be an object`, options);
  if (options.delivery !== undefined && options.delivery !== 'at-least-once' && options.delivery !== 'exactly-once') {
    throw new InvalidProjectionError(`${where} delivery must be 'at-least-once' or 'exactly-once'`, options.delivery);
  }
  const counts: Array<[string, unknown, number]> = [
    ['batchSize', options.batchSize, 1],
    ['retry.attempts', options.retry?.attempts, 1],
    ['retry.backoffMs', options.retry?.backoffMs, 0],
    ['retry.maxBackoffMs', options.retry?.maxBackoffMs, 0],
  ];
  for (const [field, value, least] of counts) {
    if (value !== undefined && !(Number.isSafeInteger(value) && (value as number) >= least)) {
      throw new InvalidProjectionError(`${where} ${field} must be an integer >= ${least}`, value);
    }
  }
}
