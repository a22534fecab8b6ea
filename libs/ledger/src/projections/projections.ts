// The projections of one ledger: registers @Projection instances, runs each with its own runner
// (so a failing one stops alone), rebuilds one from the start, and reports where each stands (to
// the projection lag gauge too, from the first start until the ledger closes).
// Used by the Nest module (which registers the providers its discovery finds, starts them at
// bootstrap and stops them at shutdown) and on its own without Nest.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { LedgerClosedError } from '../engine';
import type { EventPosition, EventStore } from '../event-sourcing';
import { recordedEvents } from '../event-sourcing/internal';
import type { CheckpointRow, ProjectionLease } from '../storage';
import type { Block } from '../journal';
import { ATTRIBUTE, observeLag, type SpanAttributes } from '../telemetry';
import { CheckpointStore } from './checkpoint-store';
import { DuplicateProjectionError, ProjectionFailedError, ProjectionNotFoundError } from './errors';
import { projectionDefinition, type ProjectionDefinition } from './projection-definition';
import type { ProjectionDelivery } from './projection.decorator';
import { positionAfter } from './projection-feed';
import { projectionQuery } from './projection-sql-query';
import { ProjectionRunner, type ProjectionFailure, type ProjectionLogger, type ProjectionState } from './projection-runner';

export interface ProjectionsOptions {
  /** How long a runner's lease lasts unrenewed before another process may take over (default 10,000 ms); on PostgreSQL's advisory locks, the renewal period only. */
  leaseMs?: number;
  /** Where failures and retries are reported (default: the console). */
  logger?: ProjectionLogger;
  /** Who may run which projection (default: the ledger's, see Ledger.projectionLease: advisory locks on PostgreSQL, a row lease elsewhere). */
  lease?: ProjectionLease;
}

export interface ProjectionStatus {
  name: string;
  delivery: ProjectionDelivery;
  state: ProjectionState;
  /** The position of the next event it will handle (its stored checkpoint may trail by a second when at-least-once). */
  position: EventPosition;
  /** Blocks committed after the block of the last event it handled (0 while caught up). */
  lag: number;
  /** Why it stopped, at which event; also when it failed in another process. */
  error?: { message: string; position: EventPosition };
}

const DEFAULT_LEASE_MS = 10_000;
const POLL_MS = 10;
/** Blocks read at once while looking back from the tip for the last event. */
const LOOK_BACK = 100;

/** The default logger of projections and process managers. */
export const consoleLogger: ProjectionLogger = {
  log: (message) => console.log(message),
  warn: (message) => console.warn(message),
  error: (message, stack) => console.error(stack ? `${message}\n${stack}` : message),
};

export class Projections {
  private readonly runners = new Map<string, ProjectionRunner>();
  private readonly checkpoints: CheckpointStore;
  private readonly lease: ProjectionLease;
  private readonly owner = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  /** Stops feeding the projection lag gauge: set from the first start until the ledger closes. */
  private stopObserving: (() => void) | undefined;

  constructor(
    readonly store: EventStore,
    private readonly options: ProjectionsOptions = {},
  ) {
    this.checkpoints = new CheckpointStore(store.ledger);
    this.lease = options.lease ?? store.ledger.projectionLease;
  }

  /** The names of the registered projections. */
  get names(): string[] {
    return [...this.runners.keys()];
  }

  /** Registers a @Projection instance (or a definition built from one); it runs once started. */
  register(projection: object): ProjectionDefinition {
    const definition = isDefinition(projection) ? projection : projectionDefinition(projection);
    const existing = this.runners.get(definition.name);
    if (existing) throw new DuplicateProjectionError(definition.name, existing.definition.className, definition.className);
    this.runners.set(definition.name, new ProjectionRunner(definition, { ...this.runnerOptions(), owner: this.owner }));
    return definition;
  }

  /** Starts one projection, or all; a failed or stopped one starts again from its checkpoint. */
  start(name?: string): void {
    for (const runner of this.select(name)) runner.start();
    this.stopObserving ??= observeLag('projection', (observe) => this.observeLag(observe));
  }

  /** Stops one projection, or all, after the batch each is handling. */
  async stop(name?: string): Promise<void> {
    await Promise.all(this.select(name).map((runner) => runner.stop()));
  }

  /**
   * Replays a projection from the start of the journal: stops it, runs its `reset` hook and moves
   * its checkpoint back to the start (in one transaction when exactly-once), then starts it again.
   */
  async rebuild(name: string): Promise<void> {
    const [runner] = this.select(name);
    await runner.stop();
    const { delivery, reset } = runner.definition;
    if (delivery === 'exactly-once') await this.checkpoints.reset(name, async (query) => reset?.({ query: projectionQuery(query) }));
    else {
      await reset?.();
      await this.checkpoints.reset(name, async () => undefined);
    }
    runner.start();
  }

  /**
   * Waits until the projection has handled every event committed before the call, and returns its
   * status then. It must be started here (it may stand by while another process runs it);
   * ProjectionFailedError when it fails or is stopped first.
   */
  async caughtUp(name: string): Promise<ProjectionStatus> {
    const [runner] = this.select(name);
    const target = await this.endOfEvents();
    for (;;) {
      const status = await this.status(name);
      if (status.state === 'failed' && status.error) throw new ProjectionFailedError(name, status.error.position, status.error.message);
      const { sequenceNo, index } = status.position;
      if (sequenceNo > target.sequenceNo || (sequenceNo === target.sequenceNo && index >= target.index)) return status;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      if (runner.state === 'stopped') throw new ProjectionFailedError(name, status.position, 'it was stopped');
    }
  }

  /** The state of this process's runner of a projection (no database read). */
  state(name: string): ProjectionState {
    return this.select(name)[0].state;
  }

  /** Where every registered projection stands. */
  async status(): Promise<ProjectionStatus[]>;
  /** Where one projection stands. */
  async status(name: string): Promise<ProjectionStatus>;
  async status(name?: string): Promise<ProjectionStatus | ProjectionStatus[]> {
    // each runner's state and position are taken before its row is read (the row is for runners not following here)
    const runners = this.select(name).map((runner) => ({ runner, state: runner.state, failure: runner.failure, position: runner.position }));
    const { rows, tip } = await this.checkpoints.all();
    const byName = new Map(rows.map((row) => [row.name, row]));
    const statuses: ProjectionStatus[] = [];
    for (const seen of runners) {
      const status = statusOf(seen, byName.get(seen.runner.name), tip);
      statuses.push(status.state === 'caught-up' && !(await this.nothingAfter(status.position, tip)) ? { ...status, state: 'running' } : status);
    }
    return name === undefined ? statuses : statuses[0];
  }


  /**
   * Whether no event lies at or after `position` up to the tip: what tells a runner that waits for
   * events at the tip from one that waits for its stream's next page while it catches up.
   */
  private async nothingAfter(position: EventPosition, tip: number): Promise<boolean> {
    if (tip - position.sequenceNo >= LOOK_BACK) return false;
    const blocks = await this.readBlocks(position.sequenceNo, tip);
    return blocks.every((block) => recordedEvents(block, this.store.upcasters).every((e) => e.position.sequenceNo === position.sequenceNo && e.position.index < position.index));
  }

  /** Reports each projection's lag (ProjectionStatus.lag) to the projection lag gauge; once the ledger closed, stops reporting. */
  private async observeLag(observe: (value: number, attributes: SpanAttributes) => void): Promise<void> {
    const statuses = await this.status().catch((error: unknown) => {
      if (error instanceof LedgerClosedError) this.stopObserving?.();
      throw error;
    });
    for (const { name, lag } of statuses) observe(lag, { [ATTRIBUTE.ledgerName]: this.store.ledger.name, [ATTRIBUTE.projectionName]: name });
  }

  /** The position after the last event committed so far (the start when there is none). */
  private async endOfEvents(): Promise<EventPosition> {
    const { tip } = await this.checkpoints.all();
    for (let last = tip; last >= 0; last -= LOOK_BACK) {
      const blocks = await this.readBlocks(Math.max(0, last - LOOK_BACK + 1), last);
      for (const block of blocks.reverse()) {
        const events = recordedEvents(block, this.store.upcasters);
        if (events.length) return positionAfter(events[events.length - 1]);
      }
    }
    return { sequenceNo: 0, index: 0 };
  }

  /** Blocks without revisions, read as the projections read the journal: with access control, under `stream`. */
  private readBlocks(first: number, last: number): Promise<Block[]> {
    const ledger = this.store.ledger;
    return ledger.access.covering('stream', () => ledger.readBlocks(first, last, { revisions: false }));
  }

  private select(name: string | undefined): ProjectionRunner[] {
    if (name === undefined) return [...this.runners.values()];
    const runner = this.runners.get(name);
    if (!runner) throw new ProjectionNotFoundError(name, this.names);
    return [runner];
  }

  private runnerOptions() {
    return {
      ledger: this.store.ledger,
      checkpoints: this.checkpoints,
      lease: this.lease,
      source: (from: EventPosition) => this.store.eventsIterator({ from }),
      leaseMs: this.options.leaseMs ?? DEFAULT_LEASE_MS,
      logger: this.options.logger ?? consoleLogger,
    };
  }
}

/** What status() took from a runner before reading the checkpoints. */
interface RunnerSnapshot {
  runner: ProjectionRunner;
  state: ProjectionState;
  failure: ProjectionFailure | undefined;
  /** Where it stands while it follows the journal here (its stored checkpoint may trail). */
  position: EventPosition | undefined;
}

function statusOf(
  { runner, state, failure: failed, position: live }: RunnerSnapshot,
  row: CheckpointRow | undefined,
  tip: number,
): ProjectionStatus {
  const position = live ?? { sequenceNo: Number(row?.nextSequenceNo ?? 0), index: Number(row?.nextIndex ?? 0) };
  const lastBlock = position.index > 0 ? position.sequenceNo : position.sequenceNo - 1;
  const failure = failed ?? (row?.failure ? { message: row.failure, position: { sequenceNo: Number(row.failedSequenceNo), index: Number(row.failedIndex) } } : undefined);
  return {
    name: runner.name,
    delivery: runner.definition.delivery,
    state,
    position,
    lag: state === 'caught-up' ? 0 : Math.max(0, tip - lastBlock),
    ...(failure && { error: { message: failure.message, position: failure.position } }),
  };
}

function isDefinition(value: object): value is ProjectionDefinition {
  return value instanceof Object && 'handlers' in value && (value as ProjectionDefinition).handlers instanceof Map;
}
