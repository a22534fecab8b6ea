// The event store of one ledger. A command runs in one ledger transaction: its handler loads
// aggregates through the transaction (their reads are OCC-checked at commit), and what it raised
// commits as one block: the command as its one statement (payload digested, every revision
// recorded under it), its metadata in transactionInfo, each changed aggregate's new revision, and
// the events as the block's events entry. Commands run from inside the handler join the block (their
// statements follow, each revision recorded under the statement of the command that last changed
// it). OCC conflicts rerun the whole command, joined ones included. Reads return
// events in the global journal order, and follow them live as an Observable or an async iterator.
import type { Observable } from 'rxjs';
import { InvalidArgumentError, TableNotFoundError, CATALOG_TABLE_NAME, type Ledger, type Transaction } from '../engine';
import { IonTypeError, type IonStructObject } from '../ion';
import { readerObservable, StreamIterator, StreamReader, type PagingOptions } from '../streams';
import { optionsObject, pagingOf, streamStart } from '../streams/internal';
import { aggregateDocumentId, isMappedAggregateId, MAX_AGGREGATE_ID_LENGTH } from './aggregate-id';
import { AggregateRepository } from './aggregate-repository';
import { aggregateDefinition, type AggregateClass, type AggregateRoot } from './aggregate-root';
import { COMMAND_KEYS_TABLE, commandMetadata, type AggregateStore, type CommandOutcome, type CommandRecord, type CommittedCommand } from './aggregate-store';
import { InvalidCommandError } from './errors';
import { EventCatalog } from './event-catalog';
import { committedEvents, recordedEvents, type EventPosition, type RecordedEvent } from './recorded-event';
import { UpcasterRegistry, type EventUpcaster } from './upcaster-registry';
import type { Block } from '../journal';
import { UnitOfWork, type AggregateReader, type CommitPlan, type StoredAggregate } from './unit-of-work';

export interface EventStoreOptions {
  upcasters?: readonly EventUpcaster[];
}

export interface ReadEventsOptions {
  /** The first position to read: a block sequenceNo, or a position (inclusive). Default: the start. */
  from?: number | EventPosition;
  /** Blocks read per page (default 500). */
  pageSize?: number;
}

export interface EventStreamOptions extends PagingOptions {
  /**
   * Default 'start'. 'now': events committed after the stream started reading; a block sequenceNo;
   * or an EventPosition (inclusive). A position beyond the tip waits for it to be committed.
   */
  from?: 'start' | 'now' | number | EventPosition;
}

export class EventStore implements AggregateStore {
  readonly upcasters: UpcasterRegistry;
  readonly catalog: EventCatalog;
  private readonly repositories = new Map<AggregateClass, AggregateRepository>();
  private readonly listeners = new Set<(committed: CommittedCommand) => void>();

  constructor(
    readonly ledger: Ledger,
    options: EventStoreOptions = {},
  ) {
    this.upcasters = new UpcasterRegistry(options.upcasters);
    this.catalog = new EventCatalog(this.upcasters);
  }

  get name(): string {
    return this.ledger.name;
  }

  /** The repository of an @Aggregate class on this ledger. */
  repository<T extends AggregateRoot>(type: AggregateClass<T>): AggregateRepository<T> {
    let repository = this.repositories.get(type);
    if (!repository) {
      repository = new AggregateRepository(type, this);
      this.repositories.set(type, repository);
    }
    return repository as AggregateRepository<T>;
  }

  /** Creates the aggregate's table now unless it exists (commands otherwise create it on first use). */
  async ensureTable(type: AggregateClass): Promise<void> {
    await this.createTable(aggregateDefinition(type).name);
  }

  /** Creates a table of the library's own (checkpoints, keys) now unless it exists. */
  async ensureTableNamed(name: string): Promise<void> {
    await this.createTable(name);
  }

  /** Every event-sourced event of the ledger in journal order (block sequenceNo, then index), upcast. */
  async *events(options: ReadEventsOptions = {}): AsyncIterableIterator<RecordedEvent> {
    const from = typeof options.from === 'number' ? { sequenceNo: options.from, index: 0 } : (options.from ?? { sequenceNo: 0, index: 0 });
    const pageSize = options.pageSize ?? 500;
    if (!Number.isSafeInteger(from.sequenceNo) || !Number.isSafeInteger(from.index) || !(pageSize > 0)) {
      throw new InvalidArgumentError('events({ from }) takes a block sequenceNo or { sequenceNo, index } of non-negative integers', options.from);
    }
    for (let first = Math.max(0, from.sequenceNo); ; first += pageSize) {
      const blocks = await this.ledger.readBlocks(first, first + pageSize - 1, { revisions: false });
      for (const block of blocks) {
        for (const event of recordedEvents(block, this.upcasters)) {
          if (event.position.sequenceNo > from.sequenceNo || event.position.index >= from.index) yield event;
        }
      }
      if (blocks.length < pageSize) return;
    }
  }

  /**
   * The event-sourced events of the ledger in journal order, upcast, each with its EventPosition: a
   * cold Observable that catches up from `from` reading a page of blocks at a time, then follows
   * commits of every process with no gap, duplicate or reordering. It errors with
   * LedgerClosedError when the ledger closes. Options are checked now (InvalidArgumentError).
   */
  events$(options?: EventStreamOptions): Observable<RecordedEvent> {
    return readerObservable(this.eventReaderOpener(options, 'events$'));
  }

  /** The events of events$() as an async iterator that reads the next page only once the consumer took the previous one. */
  eventsIterator(options?: EventStreamOptions): StreamIterator<RecordedEvent> {
    return new StreamIterator(this.eventReaderOpener(options, 'eventsIterator')());
  }

  private eventReaderOpener(options: EventStreamOptions | undefined, call: string): () => StreamReader<RecordedEvent> {
    const given = optionsObject(options, call);
    const start = streamStart(given.from, call);
    const paging = pagingOf(given, call);
    const toEvents = (blocks: readonly Block[]) =>
      blocks.flatMap((block) => {
        const events = recordedEvents(block, this.upcasters);
        return block.blockAddress.sequenceNo === start.sequenceNo ? events.filter((e) => e.position.index >= start.index) : events;
      });
    return () => new StreamReader(this.ledger.followJournal({ from: start.sequenceNo, revisions: false, ...paging }), toEvents);
  }

  /** Calls `listener` after each command commits, with its events (e.g. to publish them on a bus). */
  onCommitted(listener: (committed: CommittedCommand) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  read<T>(work: (reader: AggregateReader) => Promise<T>): Promise<T> {
    return this.ledger.execute((tx) => work(new LedgerAggregateReader(tx, this)));
  }

  /** Commits the command; each table it finds missing (its aggregates', the idempotency keys') is created once and the command run again. */
  async runCommand<R>(command: CommandRecord, work: () => Promise<R>): Promise<CommandOutcome<R>> {
    const created = new Set<string>();
    for (;;) {
      try {
        return await this.commit(command, work);
      } catch (error) {
        if (!(error instanceof TableNotFoundError) || created.has(String(error.value))) throw error;
        created.add(String(error.value));
        await this.createTable(String(error.value), command.name);
      }
    }
  }

  /** Reads the aggregate's blocks (outside the transaction) and keeps its events up to `toVersion`. */
  async streamEvents(table: string, id: string, fromVersion: number, toVersion: number): Promise<RecordedEvent[]> {
    const blocks = await this.ledger.documentBlocks(aggregateDocumentId(table, id), { fromVersion, toVersion });
    return blocks.flatMap((block) => recordedEvents(block, this.upcasters).filter((e) => e.streamId === id && e.aggregate === table));
  }

  private async commit<R>(command: CommandRecord, work: () => Promise<R>): Promise<CommandOutcome<R>> {
    let plan: CommitPlan | undefined;
    let duplicate = false;
    const outcome = await this.ledger.transact(async (tx) => {
      duplicate = await keyRecorded(tx, command);
      if (duplicate) return undefined as R;
      const unit = new UnitOfWork(this, new LedgerAggregateReader(tx, this), command);
      const value = await unit.run(work);
      plan = unit.plan();
      for (const joined of plan.joined) tx.authorize('command', joined.name);
      if (plan.events.length) await writeCommand(tx, command, plan);
      return value;
    }, { command: command.name, ...(command.options.retry ? { retry: command.options.retry } : {}) });
    const events = outcome.block && plan ? committedEvents(outcome.block, plan.events) : [];
    if (outcome.block && plan) this.notify({ events, domainEvents: plan.domainEvents });
    return duplicate ? { value: outcome.value, events, duplicate: true } : { ...outcome, events };
  }

  private notify(committed: CommittedCommand): void {
    for (const listener of this.listeners) listener(committed);
  }

  /** Creates an aggregate's table (its own block; from a command, covered by its permission) unless a concurrent command just did. */
  private async createTable(name: string, command?: string): Promise<void> {
    await this.ledger.execute(async (tx) => {
      if ((await tx.find(CATALOG_TABLE_NAME, { name, status: 'ACTIVE' })).length === 0) tx.createTable(name);
    }, command === undefined ? {} : { command });
  }
}

/** Reads aggregates through a ledger transaction, so the commit checks that nothing it read changed. */
class LedgerAggregateReader implements AggregateReader {
  constructor(
    private readonly tx: Transaction,
    private readonly store: EventStore,
  ) {}

  async latest(table: string, id: string): Promise<StoredAggregate | undefined> {
    try {
      const document = await this.tx.get(table, aggregateDocumentId(table, id));
      return document && { version: document.version, state: aggregateState(id, document.data) };
    } catch (error) {
      if (error instanceof TableNotFoundError) return undefined;
      throw error;
    }
  }

  events(table: string, id: string, fromVersion: number, toVersion: number): Promise<RecordedEvent[]> {
    return this.store.streamEvents(table, id, fromVersion, toVersion);
  }
}

/** Writes the statements of the command and of those that joined it, its metadata, new revisions and events into its transaction. */
async function writeCommand(tx: Transaction, command: CommandRecord, plan: CommitPlan): Promise<void> {
  const statements = [command, ...plan.joined].map((record) => recordCommand(tx, record));
  const metadata = commandMetadata(command.options);
  if (metadata) tx.annotate(metadata);
  for (const change of plan.changes) {
    const table = change.definition.name;
    const [documentId, document] = [aggregateDocumentId(table, change.id), aggregateDocument(change.id, change.state)];
    const statement = statements[change.statement];
    if (change.created) await tx.insertWithId(table, documentId, document, { statement });
    else await tx.update(table, documentId, document, { statement });
  }
  const key = command.options.idempotencyKey;
  if (key !== undefined) await tx.insertWithId(COMMAND_KEYS_TABLE, aggregateDocumentId(COMMAND_KEYS_TABLE, key), { key, command: command.name }, { statement: statements[0] });
  tx.appendEvents(plan.events);
}

/** True when the command has an idempotency key that a committed command already recorded (read in the transaction, so OCC-checked). */
async function keyRecorded(tx: Transaction, command: CommandRecord): Promise<boolean> {
  const key = command.options.idempotencyKey;
  if (key === undefined) return false;
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_AGGREGATE_ID_LENGTH) {
    throw new InvalidCommandError(command.name, `its idempotency key must be a string of 1 to ${MAX_AGGREGATE_ID_LENGTH} characters, not ${JSON.stringify(key)}`);
  }
  return (await tx.get(COMMAND_KEYS_TABLE, aggregateDocumentId(COMMAND_KEYS_TABLE, key))) !== undefined;
}

/** Records a command as a statement with its payload; InvalidCommandError when the payload is not Ion. */
function recordCommand(tx: Transaction, command: CommandRecord): number {
  try {
    return tx.recordStatement(command.name, [command.payload]);
  } catch (error) {
    if (error instanceof IonTypeError) throw new InvalidCommandError(command.name, `its payload is not an Ion value (${error.message})`);
    throw error;
  }
}

/** The document of an aggregate's revision: its state, with its id as `id` when that id is mapped to the document id. */
function aggregateDocument(id: string, state: IonStructObject): IonStructObject {
  return isMappedAggregateId(id) ? { id, ...state } : state;
}

/** The aggregate's state in a revision's document (the document without the `id` aggregateDocument added). */
function aggregateState(id: string, document: IonStructObject): IonStructObject {
  if (!isMappedAggregateId(id)) return document;
  const { id: _id, ...state } = document;
  return state;
}
