// One attempt of one command: the aggregates its handler loaded or created (one instance per id),
// and, once the handler returns, what committing means: each changed aggregate's new version and
// state document, and the stored events in the order they were applied across aggregates.
// Commands run from inside its handler join it (composed commands): their statements follow the
// command's own in the block, and everything they change commits, or is retried, with it.
// Repositories find the unit of work of the command they run in through AsyncLocalStorage.
import type { IonStructObject } from '../ion';
import { newJournalId } from '../journal';
import { checkAggregateId } from './aggregate-id';
import { aggregateDefinition, foldEvent, identify, pendingEvents, type AggregateClass, type AggregateDefinition, type AggregateRoot, type LoadStrategy } from './aggregate-root';
import { commandMetadata, type AggregateReader, type CommandRecord } from './aggregate-store';
import { currentScope, inScope } from './command-scope';
import { AggregateNotFoundError, ConcurrencyError, EventRedactedError, InvalidCommandError, NEW_AGGREGATE_VERSION } from './errors';
import { rebuildEvent } from './event-type';
import { decodeFields, encodeFields } from './value-object';
import type { StoredEvent } from './recorded-event';

export type { AggregateReader, StoredAggregate } from './aggregate-store';

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
  /** The statement its revision is recorded under: that of the command that applied its last event. */
  statement: number;
}

export interface CommitPlan {
  /** The commands that joined this one, in the order they started (statements 1..). */
  joined: CommandRecord[];
  changes: AggregateChange[];
  events: StoredEvent[];
  /** The domain events, in the same order as `events`. */
  domainEvents: object[];
}

interface Tracked {
  id: string;
  aggregate: AggregateRoot;
  definition: AggregateDefinition;
}

/** Ids are unique per aggregate type: tracked aggregates are keyed by both. */
function keyOf(definition: AggregateDefinition, id: string): string {
  return `${definition.name}\u0000${id}`;
}

export class UnitOfWork {
  private readonly tracked = new Map<string, Tracked>();
  private readonly joined: CommandRecord[] = [];
  private planned = false;

  constructor(
    /** The store the command runs on; repositories of another store are refused. */
    readonly store: { readonly name: string },
    private readonly reader: AggregateReader,
    /** The command the unit was opened for (absent for reads outside any command). */
    readonly command?: CommandRecord,
  ) {}

  /** The unit of work of the command this code runs in, if any. */
  static current(): UnitOfWork | undefined {
    return currentScope<UnitOfWork>()?.unit;
  }

  /** Runs `work` as this unit of work's command. */
  run<T>(work: () => Promise<T>): Promise<T> {
    return inScope({ unit: this, statement: 0 }, work);
  }

  /**
   * Runs `work`, the handler of `command` on `store`, as a command joining this one: its statement
   * is recorded in this command's block, and what it changes commits with this command. Refused
   * (InvalidCommandError, nothing written) for another ledger, other metadata, or once this
   * command's handler has returned.
   */
  join<T>(command: CommandRecord, store: { readonly name: string }, work: () => Promise<T>): Promise<T> {
    const outer = this.command?.name ?? 'read';
    if (store !== this.store) {
      throw new InvalidCommandError(command.name, `its handler runs on ledger ${JSON.stringify(store.name)}, but it was run from inside command ${outer} on ledger ${JSON.stringify(this.store.name)}; a command run from inside another joins its block, which belongs to one ledger`);
    }
    if (this.planned) throw new InvalidCommandError(command.name, `it was run from inside command ${outer} after that command's handler returned: await it inside the handler`);
    const metadata = commandMetadata(command.options);
    if (metadata && JSON.stringify(metadata) !== JSON.stringify(commandMetadata(this.command?.options ?? {}))) {
      throw new InvalidCommandError(command.name, `it was run from inside command ${outer} with metadata of its own (${JSON.stringify(metadata)}); it joins that command's block, which carries that command's metadata`);
    }
    this.joined.push(command);
    return inScope({ unit: this, statement: this.joined.length }, work);
  }

  async load<T extends AggregateRoot>(type: AggregateClass<T>, id: string, options: LoadOptions = {}): Promise<T> {
    const definition = aggregateDefinition(type);
    const known = this.tracked.get(keyOf(definition, id));
    const aggregate = known ? known.aggregate : await this.read(definition, id, options.from ?? definition.loadFrom);
    if (options.expectedVersion !== undefined && options.expectedVersion !== aggregate.version) {
      throw new ConcurrencyError(definition.name, id, options.expectedVersion, aggregate.version);
    }
    return aggregate as T;
  }

  async create<T extends AggregateRoot>(type: AggregateClass<T>, id: string = newJournalId()): Promise<T> {
    const definition = aggregateDefinition(type);
    checkAggregateId(definition.name, id);
    const known = this.tracked.get(keyOf(definition, id));
    const existing = known ? known.aggregate.version : (await this.reader.latest(definition.name, id))?.version;
    if (known || existing !== undefined) throw new ConcurrencyError(definition.name, id, NEW_AGGREGATE_VERSION, existing ?? NEW_AGGREGATE_VERSION);
    return this.track(definition, id, NEW_AGGREGATE_VERSION, new definition.type()) as T;
  }

  /** What committing this command writes; no changes and no events when it raised none. */
  plan(): CommitPlan {
    this.planned = true;
    const pending = [...this.tracked.values()].flatMap(({ id, aggregate, definition }) => {
      const version = aggregate.version + 1;
      return pendingEvents(aggregate).map((p) => ({ id, definition, version, pending: p }));
    });
    pending.sort((a, b) => a.pending.order - b.pending.order);
    const changes = [...this.tracked.values()]
      .filter(({ aggregate }) => pendingEvents(aggregate).length > 0)
      .map(({ id, aggregate, definition }) => ({
        definition,
        id,
        created: aggregate.version === NEW_AGGREGATE_VERSION,
        version: aggregate.version + 1,
        state: stateOf(aggregate),
        statement: pendingEvents(aggregate).at(-1)!.statement,
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
    return { joined: [...this.joined], changes, events, domainEvents: pending.map((p) => p.pending.event) };
  }

  private async read(definition: AggregateDefinition, id: string, from: LoadStrategy): Promise<AggregateRoot> {
    const latest = typeof id === 'string' && id.length > 0 ? await this.reader.latest(definition.name, id) : undefined;
    if (!latest) throw new AggregateNotFoundError(definition.name, id);
    const aggregate = new definition.type();
    if (from === 'revision') {
      Object.assign(aggregate, decodeFields(latest.state));
    } else {
      for (const event of await this.reader.events(definition.name, id, 0, latest.version)) {
        if (event.redacted) throw new EventRedactedError(definition.name, id, event.streamVersion, event.position);
        foldEvent(aggregate, definition, event.type, rebuildEvent(event.type, event.payload, definition.eventClasses.get(event.type)));
      }
    }
    return this.track(definition, id, latest.version, aggregate);
  }

  private track(definition: AggregateDefinition, id: string, version: number, aggregate: AggregateRoot): AggregateRoot {
    identify(aggregate, id, version);
    this.tracked.set(keyOf(definition, id), { id, aggregate, definition });
    return aggregate;
  }
}

/** The aggregate's state document: its own enumerable fields, value objects encoded. */
export function stateOf(aggregate: AggregateRoot): IonStructObject {
  return encodeFields(aggregate);
}
