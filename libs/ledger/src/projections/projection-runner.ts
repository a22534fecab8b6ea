// Runs one projection: takes its lease (one runner per projection across processes), reads its
// checkpoint, pulls events from there in batches, hands each to its handler in journal order and
// moves the checkpoint only after the handlers succeeded. Exactly-once batches run their handlers'
// SQL and the checkpoint's move in one write transaction; at-least-once ones move it after their
// handlers returned, at most once a second (a replay waits for no disk sync per batch, and live
// events add no write per commit), with a last write a second after the latest batch and on stop.
// A failing event is retried with backoff, then the projection stops as failed (its error and
// position kept, logged and recorded in its checkpoint row).
import type { Ledger } from '../engine';
import { rebuildEvent } from '../event-sourcing/internal';
import type { EventPosition, RecordedEvent } from '../event-sourcing';
import type { ProjectionLease } from '../storage';
import { CheckpointMoved, type CheckpointStore } from './checkpoint-store';
import type { ProjectionContext, ProjectionDefinition } from './projection-definition';
import { positionAfter, ProjectionFeed, type ProjectionEventSource } from './projection-feed';
import { projectionQuery } from './projection-sql-query';

/**
 * standby: another process holds its lease; running: handling events; caught-up: waiting for new
 * events; failed: stopped by an event its handler kept failing on; stopped: not started, or stopped.
 */
export type ProjectionState = 'standby' | 'running' | 'caught-up' | 'failed' | 'stopped';

export interface ProjectionFailure {
  message: string;
  /** The event the handler failed on; the checkpoint stays there. */
  position: EventPosition;
  /** What the handler threw (in this process only). */
  error?: unknown;
}

/** Where runners report (Nest's Logger fits). */
export interface ProjectionLogger {
  log(message: string): unknown;
  warn(message: string): unknown;
  error(message: string, stack?: string): unknown;
}

export interface ProjectionRunnerOptions {
  ledger: Ledger;
  checkpoints: CheckpointStore;
  lease: ProjectionLease;
  source: ProjectionEventSource;
  /** This process's name in leases. */
  owner: string;
  leaseMs: number;
  logger: ProjectionLogger;
}

/** How often an at-least-once projection writes its checkpoint, at most. */
const CHECKPOINT_INTERVAL_MS = 1_000;

/** A handler kept failing on one event. */
class HandlerFailed extends Error {
  constructor(
    readonly position: EventPosition,
    override readonly cause: unknown,
    readonly attempts: number,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

/** The runner was stopped while it waited to retry. */
class Interrupted extends Error {}

export class ProjectionRunner {
  private current: ProjectionState = 'stopped';
  private failed: ProjectionFailure | undefined;
  private loop: Promise<void> | undefined;
  private stopping = false;
  private feed: ProjectionFeed | undefined;
  /** The position stored as the checkpoint. */
  private checkpoint: EventPosition | undefined;
  /** The position after the last event handled (ahead of the checkpoint between at-least-once writes). */
  private handled: EventPosition | undefined;
  private checkpointWrittenAt = 0;
  /** The checkpoint writes, one after the other. */
  private writes: Promise<void> = Promise.resolve();
  /** The pending write of an at-least-once checkpoint that is behind what was handled. */
  private trailingWrite: NodeJS.Timeout | undefined;
  private wakeSleeper: (() => void) | undefined;

  constructor(
    readonly definition: ProjectionDefinition,
    private readonly options: ProjectionRunnerOptions,
  ) {}

  get name(): string {
    return this.definition.name;
  }

  get state(): ProjectionState {
    return this.current;
  }

  get failure(): ProjectionFailure | undefined {
    return this.failed;
  }

  /** The position of the next event it hands to its handlers, while it follows the journal here. */
  get position(): EventPosition | undefined {
    return this.current === 'running' || this.current === 'caught-up' ? this.handled : undefined;
  }

  /** Starts following (again, after a failure or a stop); does nothing while it runs. */
  start(): void {
    if (this.loop) return;
    this.stopping = false;
    this.failed = undefined;
    this.current = 'standby';
    this.loop = this.run().finally(() => (this.loop = undefined));
  }

  /** Stops after the batch in progress, and frees the lease. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.feed?.close();
    this.wakeSleeper?.();
    await this.loop;
    if (this.current !== 'failed') this.current = 'stopped';
  }

  private async run(): Promise<void> {
    const { lease, owner, leaseMs, logger } = this.options;
    while (!this.stopping) {
      try {
        if (await lease.acquire(this.name, owner, leaseMs)) await this.follow();
        else {
          this.current = 'standby';
          await this.sleep(leaseMs / 2);
        }
      } catch (error) {
        if (error instanceof HandlerFailed) {
          await this.fail(error);
          break;
        }
        if (error instanceof Interrupted) break;
        logger.warn(`projection ${this.name}: ${(error as Error).message}; resuming from its checkpoint`);
        await this.sleep(this.definition.retry.backoffMs);
      }
    }
    await lease.release(this.name, owner).catch(() => undefined);
  }

  /** Handles events from the checkpoint on until stopped, or until the lease or the checkpoint is lost. */
  private async follow(): Promise<void> {
    const heartbeat = setInterval(() => void this.renewLease(), this.options.leaseMs / 3);
    heartbeat.unref();
    try {
      const from = await this.options.checkpoints.next(this.name);
      this.checkpoint = this.handled = from;
      await this.prepare(from);
      const feed = new ProjectionFeed(this.options.source, from);
      this.feed = feed;
      this.current = 'running';
      while (!this.stopping) {
        if (feed.drained) this.current = 'caught-up';
        const batch = await feed.take(this.definition.batchSize);
        if (batch.length === 0) break;
        this.current = 'running';
        await (this.definition.delivery === 'exactly-once' ? this.handleInTransactions(batch) : this.handleEach(batch));
      }
      await this.advance(this.handled);
    } catch (error) {
      if (!(error instanceof CheckpointMoved)) throw error;
    } finally {
      clearInterval(heartbeat);
      clearTimeout(this.trailingWrite);
      this.trailingWrite = undefined;
      this.feed?.close();
      this.feed = undefined;
    }
  }

  private async renewLease(): Promise<void> {
    const { lease, owner, leaseMs, logger } = this.options;
    const held = await lease.acquire(this.name, owner, leaseMs).catch((error: Error) => {
      logger.warn(`projection ${this.name}: renewing its lease failed (${error.message})`);
      return true; // the checkpoint's compare-and-set still guards every write
    });
    if (!held) {
      logger.warn(`projection ${this.name}: its lease passed to another process; standing by`);
      this.feed?.close();
    }
  }

  /** Runs the projection's prepare hook (in a write transaction when exactly-once). */
  private async prepare(at: EventPosition): Promise<void> {
    const prepare = this.definition.prepare;
    if (!prepare) return;
    const run = () =>
      this.definition.delivery === 'exactly-once' ? this.options.ledger.writeDatabase((query) => Promise.resolve(prepare({ query: projectionQuery(query) }))) : Promise.resolve(prepare());
    await this.retrying(at, run);
  }

  /** Exactly-once: the whole batch and its checkpoint in one transaction; after a failure, event by event. */
  private async handleInTransactions(batch: RecordedEvent[]): Promise<void> {
    if (batch.length > 1) {
      try {
        return await this.commit(batch);
      } catch (error) {
        if (error instanceof CheckpointMoved) throw error; // else: find the failing event, committing those before it
      }
    }
    for (const event of batch) await this.retrying(event.position, () => this.commit([event]));
  }

  private async commit(batch: RecordedEvent[]): Promise<void> {
    const from = this.checkpoint!;
    const to = positionAfter(batch[batch.length - 1]);
    await this.options.ledger.writeDatabase(async (query) => {
      for (const event of batch) await this.dispatch(event, { position: event.position, event, query: projectionQuery(query) } as ProjectionContext);
      await this.options.checkpoints.advance(query, this.name, this.options.owner, from, to);
    });
    this.checkpoint = this.handled = to;
  }

  /**
   * At-least-once: each event's handler in turn (awaited when it returns a promise), then the
   * checkpoint when a second has passed since its last write, else a second after that write; up
   * to the failing event when a handler fails for good.
   */
  private async handleEach(batch: RecordedEvent[]): Promise<void> {
    for (const event of batch) {
      const context = { position: event.position, event };
      try {
        const result = this.dispatch(event, context);
        if (result instanceof Promise) await result;
      } catch (error) {
        await this.retryOrStop(event, context, error);
      }
      this.handled = positionAfter(event);
    }
    const wait = this.checkpointWrittenAt + CHECKPOINT_INTERVAL_MS - Date.now();
    if (wait <= 0) await this.advance(this.handled!);
    else this.trailingWrite ??= setTimeout(() => this.writeTrailing(), wait).unref();
  }

  /** Writes the checkpoint up to what was handled (a failure shows at the next batch's write). */
  private writeTrailing(): void {
    this.trailingWrite = undefined;
    this.advance(this.handled!).catch((error: Error) => this.options.logger.warn(`projection ${this.name}: writing its checkpoint failed (${error.message})`));
  }

  /** Retries an at-least-once event whose first try failed; when every try failed, stores the checkpoint at it and stops. */
  private async retryOrStop(event: RecordedEvent, context: ProjectionContext, first: unknown): Promise<void> {
    try {
      await this.retrying(event.position, () => Promise.resolve(this.dispatch(event, context)), first);
    } catch (error) {
      if (error instanceof HandlerFailed) await this.advance(event.position);
      throw error;
    }
  }

  /** Moves the checkpoint to `to` in a transaction of its own, after the writes before it. */
  private advance(to: EventPosition): Promise<void> {
    const write = this.writes.then(async () => {
      const from = this.checkpoint!;
      if (from.sequenceNo === to.sequenceNo && from.index === to.index) return;
      await this.options.checkpoints.advanceAlone(this.name, this.options.owner, from, to);
      this.checkpoint = to;
      this.checkpointWrittenAt = Date.now();
    });
    this.writes = write.catch(() => undefined);
    return write;
  }

  /** Hands the event to its handler (or the catch-all); returns what the handler returned. */
  private dispatch(event: RecordedEvent, context: ProjectionContext): unknown {
    const handler = this.definition.handlers.get(event.type) ?? this.definition.catchAll;
    return handler?.handle(rebuildEvent(event.type, event.payload, handler.eventClass), context);
  }

  /**
   * Runs `work` until it succeeds, `retry.attempts` times at most, with doubling waits between;
   * `failed` is the error of a first try already made.
   */
  private async retrying(position: EventPosition, work: () => Promise<unknown>, failed?: unknown): Promise<void> {
    const { attempts, backoffMs, maxBackoffMs } = this.definition.retry;
    for (let attempt = 1; ; attempt++) {
      try {
        if (attempt === 1 && failed !== undefined) throw failed;
        await work();
        return;
      } catch (error) {
        if (error instanceof CheckpointMoved) throw error;
        if (attempt >= attempts) throw new HandlerFailed(position, error, attempt);
        const delay = Math.min(maxBackoffMs, backoffMs * 2 ** (attempt - 1));
        this.options.logger.warn(
          `projection ${this.name}: event ${describePosition(position)} failed (try ${attempt} of ${attempts}: ${(error as Error)?.message}); retrying in ${delay} ms`,
        );
        await this.sleep(delay);
        if (this.stopping) throw new Interrupted();
      }
    }
  }

  private async fail(failure: HandlerFailed): Promise<void> {
    this.current = 'failed';
    this.failed = { message: failure.message, position: failure.position, error: failure.cause };
    const stack = failure.cause instanceof Error ? failure.cause.stack : undefined;
    this.options.logger.error(
      `projection ${this.name} stopped: event ${describePosition(failure.position)} failed ${failure.attempts} times: ${failure.message}`,
      stack,
    );
    await this.options.checkpoints.recordFailure(this.name, failure.message, failure.position).catch(() => undefined);
  }

  /** Waits `ms`, or less when the runner is stopped meanwhile. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeSleeper = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeSleeper = done;
    });
  }
}

function describePosition(position: EventPosition): string {
  return `${position.sequenceNo}:${position.index}`;
}
