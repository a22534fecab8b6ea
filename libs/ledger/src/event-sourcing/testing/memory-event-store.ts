// An event store in memory for tests: commands run through the same unit of work as on a ledger
// (loading, versions, expected versions, event order, payloads checked as Ion values), and commit
// into maps instead of a journal. Nothing is hashed or persisted.
import { fromIon, IonTypeError, toIon, type IonStructObject } from '../../ion';
import { aggregateDefinition, foldEvent, type AggregateClass, type AggregateRoot } from '../aggregate-root';
import { commandMetadata, type AggregateStore, type CommandOutcome, type CommandRecord } from '../aggregate-store';
import { InvalidCommandError } from '../errors';
import { EventCatalog } from '../event-catalog';
import { describeEvent } from '../event-type';
import type { RecordedEvent, StoredEvent } from '../recorded-event';
import { UpcasterRegistry } from '../upcaster-registry';
import { stateOf, UnitOfWork, type AggregateReader, type CommitPlan, type StoredAggregate } from '../unit-of-work';

/** The command that seeded events are recorded under. */
const GIVEN: CommandRecord = { name: 'Given', payload: {}, options: {} };

interface MemoryStream {
  version: number;
  state: IonStructObject;
  events: RecordedEvent[];
}

export class MemoryEventStore implements AggregateStore {
  readonly name = 'memory';
  private readonly streams = new Map<string, MemoryStream>();
  private commands = 0;
  private readonly keys = new Set<string>();

  readonly catalog: EventCatalog;

  constructor(readonly upcasters = new UpcasterRegistry()) {
    this.catalog = new EventCatalog(upcasters);
  }

  /** Forgets every stream. */
  clear(): void {
    this.streams.clear();
    this.keys.clear();
    this.commands = 0;
  }

  /** Records an aggregate's past events as if each had been committed by a command of its own. */
  seed<T extends AggregateRoot>(type: AggregateClass<T>, id: string, events: readonly object[]): void {
    const definition = aggregateDefinition(type);
    const aggregate = new definition.type();
    for (const event of events) {
      const { type: eventType, schemaVersion, payload } = describeEvent(event);
      foldEvent(aggregate, definition, eventType, event);
      const version = (this.stream(definition.name, id)?.version ?? -1) + 1;
      this.commit(GIVEN, {
        joined: [],
        changes: [{ definition, id, created: version === 0, version, state: stateOf(aggregate), statement: 0 }],
        events: [{ type: eventType, schemaVersion, aggregate: definition.name, streamId: id, streamVersion: version, occurredAt: new Date(), payload }],
        domainEvents: [event],
      });
    }
  }

  /** Streams are keyed by aggregate type and id: ids are unique per type. */
  private stream(table: string, id: string): MemoryStream | undefined {
    return this.streams.get(`${table}\u0000${id}`);
  }

  read<T>(work: (reader: AggregateReader) => Promise<T>): Promise<T> {
    return work(this.reader);
  }

  async runCommand<R>(command: CommandRecord, work: () => Promise<R>): Promise<CommandOutcome<R>> {
    const key = command.options.idempotencyKey;
    if (key !== undefined && this.keys.has(key)) return { value: undefined as R, events: [], duplicate: true };
    const unit = new UnitOfWork(this, this.reader, command);
    const value = await unit.run(work);
    const plan = unit.plan();
    if (plan.events.length === 0) return { value, events: [] };
    const events = this.commit(command, plan);
    if (key !== undefined) this.keys.add(key);
    return { value, events };
  }

  private readonly reader: AggregateReader = {
    latest: async (table, id): Promise<StoredAggregate | undefined> => {
      const stream = this.stream(table, id);
      return stream && { version: stream.version, state: ionCopy(stream.state) };
    },
    events: async (table, id, fromVersion, toVersion) =>
      (this.stream(table, id)?.events ?? []).filter((e) => e.streamVersion >= fromVersion && e.streamVersion <= toVersion),
  };

  private commit(command: CommandRecord, plan: CommitPlan): RecordedEvent[] {
    for (const record of [command, ...plan.joined]) checkPayload(record);
    const sequenceNo = ++this.commands;
    const recorded = plan.events.map((event, index) => this.record(command, ionCopy(event) as StoredEvent, { sequenceNo, index }));
    for (const change of plan.changes) {
      const events = this.stream(change.definition.name, change.id)?.events ?? [];
      this.streams.set(`${change.definition.name}\u0000${change.id}`, { version: change.version, state: ionCopy(change.state), events });
    }
    for (const event of recorded) this.stream(event.aggregate, event.streamId)?.events.push(event);
    return recorded;
  }

  private record(command: CommandRecord, event: StoredEvent, position: RecordedEvent['position']): RecordedEvent {
    return { ...this.upcasters.upcast(event), position, transactionId: `memory-${position.sequenceNo}`, command: command.name, metadata: commandMetadata(command.options) ?? {} };
  }
}

/** InvalidCommandError unless the command's payload is an Ion value. */
function checkPayload(command: CommandRecord): void {
  try {
    toIon(command.payload, 'binary');
  } catch (error) {
    if (error instanceof IonTypeError) throw new InvalidCommandError(command.name, `its payload is not an Ion value (${error.message})`);
    throw error;
  }
}

/** A value as the ledger would give it back: through Ion binary. */
function ionCopy(value: IonStructObject): IonStructObject {
  return fromIon(toIon(value, 'binary')) as IonStructObject;
}
