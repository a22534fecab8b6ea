// The base class of event-sourced aggregates. Domain methods check their rules, then record what
// happened with `this.apply(event)`, which folds the event into the state at once (through the
// aggregate's @EventHandler method) and keeps it until the command commits. The state is the
// aggregate's own enumerable fields: that is what each revision's document holds.
import { aggregateDefinition, type AggregateClass, type AggregateDefinition } from './aggregate-definition';
import { NEW_AGGREGATE_VERSION } from './errors';
import { describeEvent, type EventDescription } from './event-type';

/** An event applied but not yet committed, with the order it was applied in (across aggregates). */
export interface PendingEvent extends EventDescription {
  event: object;
  occurredAt: Date;
  order: number;
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
    books(this).pending.push({ ...description, event, occurredAt: new Date(), order: applied++ });
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
