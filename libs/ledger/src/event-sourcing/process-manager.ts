// A process manager's runner (a durable saga; a @ProcessManager class is run by one): reacts to the
// ledger's committed events, in journal order, with commands it dispatches on the command bus. Each
// command carries an idempotency key made of the manager's name and the causing event's position
// (and its index among that event's commands), checked and recorded in the command's own block, so
// it commits at most once per causing event. It runs as a catch-up to the journal's tip, or follows
// the journal (start/stop) as commits of any process arrive. Progress is a checkpoint document in
// the ledger, saved every `checkpointEvery` events and when a catch-up or a run ends; a process
// killed anywhere resumes from its last checkpoint, and the events it replays dispatch commands that
// are found already committed (duplicates, nothing written). So the reaction must be a pure
// function of the event: the same commands, in the same order, every time.
import { InvalidArgumentError, TableNotFoundError } from '../engine';
import type { StreamIterator } from '../streams';
import { aggregateDocumentId } from './aggregate-id';
import type { CommandBus } from './command-bus';
import type { EventStore } from './event-store';
import type { EventPosition, RecordedEvent } from './recorded-event';

/** The commands an event causes (none, one, or several in order). */
export type ProcessReaction = (event: RecordedEvent) => ProcessCommands | Promise<ProcessCommands>;

/** What a reaction returns: a command, several in order, or none. */
export type ProcessCommands = object | readonly object[] | undefined | null;

export interface ProcessManagerOptions {
  /** Events handled between checkpoint saves (default 100). */
  checkpointEvery?: number;
  /** The ledger whose events a @ProcessManager class follows, in the Nest module (default: the default ledger). */
  ledger?: string;
}

export interface CatchUpResult {
  events: number;
  /** Commands committed by this catch-up. */
  commands: number;
  /** Commands found already committed (replayed after a restart). */
  duplicates: number;
}

/** The table of process managers' checkpoints, one document each. */
export const PROCESS_CHECKPOINTS_TABLE = 'ledger_process_checkpoints';

interface Following {
  iterator: StreamIterator<RecordedEvent>;
  done: Promise<void>;
}

export class ProcessManagerRunner {
  private readonly checkpointEvery: number;
  private following?: Following;

  constructor(
    readonly name: string,
    private readonly store: EventStore,
    private readonly bus: CommandBus,
    private readonly react: ProcessReaction,
    options: ProcessManagerOptions = {},
  ) {
    if (typeof name !== 'string' || name.length === 0 || name.length > 128) throw new InvalidArgumentError('a process manager needs a name of 1 to 128 characters', name);
    this.checkpointEvery = options.checkpointEvery ?? 100;
    if (!Number.isSafeInteger(this.checkpointEvery) || this.checkpointEvery < 1) throw new InvalidArgumentError('checkpointEvery must be a positive integer', options.checkpointEvery);
  }

  /** Handles every event committed after its checkpoint, up to the journal's tip, then saves the checkpoint. */
  async catchUp(): Promise<CatchUpResult> {
    const result: CatchUpResult = { events: 0, commands: 0, duplicates: 0 };
    let next = await this.checkpoint();
    for await (const event of this.store.events({ from: next })) {
      await this.handle(event, result);
      next = { sequenceNo: event.position.sequenceNo, index: event.position.index + 1 };
      if (++result.events % this.checkpointEvery === 0) await this.saveCheckpoint(next);
    }
    if (result.events % this.checkpointEvery !== 0) await this.saveCheckpoint(next);
    return result;
  }

  /** True between start() and stop() (or the failure that ended the run). */
  get running(): boolean {
    return this.following !== undefined;
  }

  /**
   * Follows the journal from its checkpoint, handling events as any process commits them, until
   * stop(). A failure (a reaction that throws, a command that keeps failing) ends the run at that
   * event, which stays after the checkpoint, and is handed to `onError`; start() resumes there.
   */
  async start(onError: (error: unknown) => void = () => undefined): Promise<void> {
    if (this.following) throw new InvalidArgumentError(`process manager ${this.name} is already running`, this.name);
    const iterator = this.store.eventsIterator({ from: await this.checkpoint() });
    const following: Following = {
      iterator,
      done: this.follow(iterator).catch(async (error: unknown) => {
        if (this.following === following) this.following = undefined;
        await iterator.return();
        onError(error);
      }),
    };
    this.following = following;
  }

  /** Stops following once the event at hand is handled, and saves the checkpoint. */
  async stop(): Promise<void> {
    const following = this.following;
    if (!following) return;
    this.following = undefined;
    await following.iterator.return();
    await following.done;
  }

  private async follow(iterator: StreamIterator<RecordedEvent>): Promise<void> {
    const result: CatchUpResult = { events: 0, commands: 0, duplicates: 0 };
    let next: EventPosition | undefined;
    try {
      for (let event = await iterator.next(); !event.done; event = await iterator.next()) {
        await this.handle(event.value, result);
        next = { sequenceNo: event.value.position.sequenceNo, index: event.value.position.index + 1 };
        if (++result.events % this.checkpointEvery === 0) await this.saveCheckpoint(next);
      }
    } catch (error) {
      // Keep the progress made before the failing event (best effort: the failure is what matters).
      if (next && result.events % this.checkpointEvery !== 0) await this.saveCheckpoint(next).catch(() => undefined);
      throw error;
    }
    if (next && result.events % this.checkpointEvery !== 0) await this.saveCheckpoint(next);
  }

  /** The position of the next event to handle (the journal's start when none was saved). */
  async checkpoint(): Promise<EventPosition> {
    try {
      const document = await this.store.ledger.execute((tx) => tx.get(PROCESS_CHECKPOINTS_TABLE, this.documentId()));
      return document ? { sequenceNo: document.data.sequenceNo as number, index: document.data.index as number } : { sequenceNo: 0, index: 0 };
    } catch (error) {
      if (error instanceof TableNotFoundError) return { sequenceNo: 0, index: 0 };
      throw error;
    }
  }

  private async handle(event: RecordedEvent, result: CatchUpResult): Promise<void> {
    const reaction = await this.react(event);
    const commands = reaction === undefined || reaction === null ? [] : Array.isArray(reaction) ? reaction : [reaction];
    const { sequenceNo, index } = event.position;
    for (const [n, command] of (commands as object[]).entries()) {
      const outcome = await this.bus.dispatch(command, {
        idempotencyKey: `${this.name}:${sequenceNo}:${index}:${n}`,
        causationId: `${sequenceNo}:${index}`,
        correlationId: typeof event.metadata.correlationId === 'string' ? event.metadata.correlationId : event.transactionId,
      });
      if (outcome.duplicate) result.duplicates++;
      else result.commands++;
    }
  }

  private async saveCheckpoint(next: EventPosition): Promise<void> {
    try {
      await this.writeCheckpoint(next);
    } catch (error) {
      if (!(error instanceof TableNotFoundError)) throw error;
      await this.store.ensureTableNamed(PROCESS_CHECKPOINTS_TABLE);
      await this.writeCheckpoint(next);
    }
  }

  private async writeCheckpoint(next: EventPosition): Promise<void> {
    const data = { name: this.name, sequenceNo: next.sequenceNo, index: next.index };
    await this.store.ledger.execute(async (tx) => {
      if (await tx.get(PROCESS_CHECKPOINTS_TABLE, this.documentId())) await tx.update(PROCESS_CHECKPOINTS_TABLE, this.documentId(), data);
      else await tx.insertWithId(PROCESS_CHECKPOINTS_TABLE, this.documentId(), data);
    });
  }

  private documentId(): string {
    return aggregateDocumentId(PROCESS_CHECKPOINTS_TABLE, this.name);
  }
}
