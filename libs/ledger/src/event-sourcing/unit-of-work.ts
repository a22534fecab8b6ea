// One attempt of one command: the aggregates its handler loaded or created (one instance per id),
// and, once the handler returns, what committing means: each changed aggregate's new version and
// state document, and the stored events in the order they were applied across aggregates.
// Repositories find the unit of work of the command they run in through AsyncLocalStorage.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { IonStructObject } from '../ion';
import { InvalidArgumentError } from '../engine';
import { isJournalId, newJournalId } from '../journal';
import { aggregateDefinition, foldEvent, identify, pendingEvents, type AggregateClass, type AggregateDefinition, type AggregateRoot, type LoadStrategy } from './aggregate-root';
import { AggregateNotFoundError, ConcurrencyError, NEW_AGGREGATE_VERSION } from './errors';
import { rebuildEvent } from './event-type';
import type { RecordedEvent, StoredEvent } from './recorded-event';

/** An aggregate's latest committed revision. */
export interface StoredAggregate {
  version: number;
  state: IonStructObject;
}

/** Reads committed aggregates: through the command's ledger transaction, or from memory in tests. */
export interface AggregateReader {
  /** The aggregate's latest revision in `table`, or undefined when there is none. */
  latest(table: string, id: string): Promise<StoredAggregate | undefined>;
  /** Its events raised at versions fromVersion..toVersion, upcast, in order. */
  events(table: string, id: string, fromVersion: number, toVersion: number): Promise<RecordedEvent[]>;
}

export interface LoadOptions {
  /** Fail with ConcurrencyError unless the aggregate is at this version. */
  expectedVersion?: number;
  /** Override the aggregate's loadFrom for this load. */
  from?: LoadStrategy;
}

/** One aggregate the command changed: what its next revision holds. */
export interface AggregateChange {
  definition: AggregateDefinition;
  id: string;
  /** True when the aggregate did not exist before the command. */
  created: boolean;
  version: number;
  state: IonStructObject;
}

export interface CommitPlan {
  changes: AggregateChange[];
  events: StoredEvent[];
  /** The domain events, in the same order as `events`. */
  domainEvents: object[];
}

interface Tracked {
  aggregate: AggregateRoot;
  definition: AggregateDefinition;
}

const current = new AsyncLocalStorage<UnitOfWork>();

export class UnitOfWork {
  private readonly tracked = new Map<string, Tracked>();

  constructor(
    /** The store the command runs on; repositories of another store are refused. */
    readonly store: object,
    private readonly reader: AggregateReader,
  ) {}

  /** The unit of work of the command this code runs in, if any. */
  static current(): UnitOfWork | undefined {
    return current.getStore();
  }

  /** Runs `work` as this unit of work's command. */
  run<T>(work: () => Promise<T>): Promise<T> {
    return current.run(this, work);
  }

  async load<T extends AggregateRoot>(type: AggregateClass<T>, id: string, options: LoadOptions = {}): Promise<T> {
    const definition = aggregateDefinition(type);
    const known = this.tracked.get(id);
    const aggregate = known ? sameType(known, definition, id) : await this.read(definition, id, options.from ?? definition.loadFrom);
    if (options.expectedVersion !== undefined && options.expectedVersion !== aggregate.version) {
      throw new ConcurrencyError(definition.name, id, options.expectedVersion, aggregate.version);
    }
    return aggregate as T;
  }

  async create<T extends AggregateRoot>(type: AggregateClass<T>, id: string = newJournalId()): Promise<T> {
    const definition = aggregateDefinition(type);
    if (!isJournalId(id)) throw new InvalidArgumentError(`${definition.name} id ${JSON.stringify(id)} is not a journal id (22 base62 characters; see newJournalId())`, id);
    const known = this.tracked.get(id);
    const existing = known ? known.aggregate.version : (await this.reader.latest(definition.name, id))?.version;
    if (known || existing !== undefined) throw new ConcurrencyError(definition.name, id, NEW_AGGREGATE_VERSION, existing ?? NEW_AGGREGATE_VERSION);
    return this.track(definition, id, NEW_AGGREGATE_VERSION, new definition.type()) as T;
  }

  /** What committing this command writes; no changes and no events when it raised none. */
  plan(): CommitPlan {
    const pending = [...this.tracked.entries()].flatMap(([id, { aggregate, definition }]) => {
      const version = aggregate.version + 1;
      return pendingEvents(aggregate).map((p) => ({ id, definition, version, pending: p }));
    });
    pending.sort((a, b) => a.pending.order - b.pending.order);
    const changes = [...this.tracked.entries()]
      .filter(([, { aggregate }]) => pendingEvents(aggregate).length > 0)
      .map(([id, { aggregate, definition }]) => ({
        definition,
        id,
        created: aggregate.version === NEW_AGGREGATE_VERSION,
        version: aggregate.version + 1,
        state: stateOf(aggregate),
      }));
    const events = pending.map(({ id, definition, version, pending: p }) => ({
      type: p.type,
      schemaVersion: p.schemaVersion,
      aggregate: definition.name,
      streamId: id,
      streamVersion: version,
      occurredAt: p.occurredAt,
      payload: p.payload,
    }));
    return { changes, events, domainEvents: pending.map((p) => p.pending.event) };
  }

  private async read(definition: AggregateDefinition, id: string, from: LoadStrategy): Promise<AggregateRoot> {
    const latest = typeof id === 'string' ? await this.reader.latest(definition.name, id) : undefined;
    if (!latest) throw new AggregateNotFoundError(definition.name, id);
    const aggregate = new definition.type();
    if (from === 'revision') {
      Object.assign(aggregate, latest.state);
    } else {
      for (const event of await this.reader.events(definition.name, id, 0, latest.version)) {
        foldEvent(aggregate, definition, event.type, rebuildEvent(event.type, event.payload, definition.eventClasses.get(event.type)));
      }
    }
    return this.track(definition, id, latest.version, aggregate);
  }

  private track(definition: AggregateDefinition, id: string, version: number, aggregate: AggregateRoot): AggregateRoot {
    identify(aggregate, id, version);
    this.tracked.set(id, { aggregate, definition });
    return aggregate;
  }
}

/** The aggregate's state document: its own enumerable fields. */
export function stateOf(aggregate: AggregateRoot): IonStructObject {
  return { ...aggregate } as IonStructObject;
}

function sameType(known: Tracked, definition: AggregateDefinition, id: string): AggregateRoot {
  if (known.definition !== definition) throw new AggregateNotFoundError(definition.name, id);
  return known.aggregate;
}
