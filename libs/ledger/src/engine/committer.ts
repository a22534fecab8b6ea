// Group commit: transactions that finish while a commit is under way queue up and commit together
// in the next database transaction (one sync to disk, one multi-row insert per table), each
// validated in order against the database (what all of them read, fetched at once) and the batch
// so far, each its own block chained to the one before. A conflict fails only its own transaction; a failure of the database transaction
// fails the whole batch, and nothing of it is acknowledged. Each block is hashed as far as it can
// be when its transaction finishes, before the write lock is taken; under the lock it is only
// chained, so that the lock (which writers in other processes wait for) is held briefly. On a
// storage without write marks (PostgreSQL), while no other writer appends, a batch is chained on
// the tip this process left without reading it, and the storage checks that tip under the lock.
// Where the storage pipelines writes (SQLite's write thread), a batch whose checks read nothing under
// the lock is sent without waiting for the batches before it to commit: its reads are checked
// against the database with the writes of the batches in flight laid over it; chained on
// them, it commits only if they did (the storage checks the tip it was chained on), and is
// acknowledged once it has; when one fails, the batches sent after it are built again on what the
// database holds, their reads checked under the lock.
import { setField } from '../ion/ion-struct-builder';
import { PreparedBlock, type Block, type RevisionInput } from '../journal';
import { SqlStorage, StorageError, TipMovedError, type SqlQuery, type WriteMarks } from '../storage';
import type { TelemetrySpan } from '../telemetry';
import { applyCatalogWrites } from './catalog-changes';
import { CATALOG_TABLE_ID } from './catalog';
import { CommitBatch } from './commit-batch';
import { OccConflictError, RedactionRefusedError } from './errors';
import { LedgerState } from './ledger-state';
import type { CommitWaiter, GroupCommitWatch, LedgerTelemetry } from './ledger-telemetry';
import { StoredReads, type BatchChanges } from './read-set';
import { TipTrust } from './tip-trust';
import { redactionInfoOf, redactionRequest, type RedactedRevisionInfo } from './redaction';
import { eventRedactionInfoOf, eventRedactionRequest, storedEvent, type RedactedEventInfo } from './event-redaction';
import type { TransactionCommit } from './transaction';

/** What a commit produced: the block, or none when the transaction wrote nothing. */
export interface CommitResult {
  block?: Block;
}

interface Queued extends CommitWaiter {
  commit: TransactionCommit;
  /** The block's content hashed, when the transaction wrote anything. */
  prepared: PreparedBlock | undefined;
  resolve(result: CommitResult): void;
  reject(error: unknown): void;
}

type Outcome = { result: CommitResult } | { error: unknown };

/** A batch sent to a pipelining storage, until it commits or fails. */
interface InFlight {
  batch: Queued[];
  outcomes: Outcome[];
  blocks: Block[];
  /** The state it was chained on, and the state after it. */
  before: LedgerState;
  after: LedgerState;
  /** What it writes, laid over the database for the batches behind it. */
  changes: BatchChanges;
  watch: GroupCommitWatch;
  /** Settles (never rejects) once the batch's commit did. */
  settled: Promise<void>;
}

/** Batches sent to a pipelining storage and not yet committed, at most: one being written, one waiting behind it. */
const PIPELINE_DEPTH = 2;

/** The query of a pipelined batch's checks, which read the database before they run, never during. */
const NO_QUERY: SqlQuery = () => Promise.reject(new StorageError('a pipelined batch read the database', undefined));

/**
 * How commits were grouped: blocks written, the database transactions (syncs) that wrote them, and
 * how many of those were pipelined (sent to be written while the next batch was being built).
 */
export interface CommitStats {
  blocks: number;
  batches: number;
  pipelined: number;
}

export class Committer {
  private queue: Queued[] = [];
  private running = false;
  readonly stats: CommitStats = { blocks: 0, batches: 0, pipelined: 0 };
  /** The open batch's write marks, and the mark the last batch left while the state matches it (none: reload). */
  private marks: WriteMarks | undefined;
  private markLeft: string | undefined;
  /** On a storage without write marks: whether a batch builds on the state's tip without reading it (the storage checks it under the lock). */
  private readonly tipTrust = new TipTrust();
  /** Whether the open batch reloaded the state and found blocks another writer appended. */
  private othersAppended = false;
  /** Whether the open batch was built on the state's tip without reading it. */
  private builtOnTrustedTip = false;
  /** Pipelined batches not yet committed, oldest first; while one has failed, the commits of those behind it wait here to be built again. */
  private readonly inFlight: InFlight[] = [];
  private failedInFlight = false;
  private rebuild: Queued[] = [];
  /** Commits in the last batch answered: while callers commit one at a time, a lone commit does not wait for others to join it. */
  private lastBatchSize = 0;

  constructor(
    private readonly storage: SqlStorage,
    private state: LedgerState,
    private readonly reload: (query: SqlQuery) => Promise<LedgerState | undefined>,
    private readonly onCommitted: (blocks: Block[], state: LedgerState) => void,
    private readonly telemetry: LedgerTelemetry,
  ) {}

  /** The state after the last successful commit. */
  get current(): LedgerState {
    return this.state;
  }

  /**
   * Catches the state up with blocks other processes committed, outside any commit (a read, no write
   * lock); true when that changed the catalog. A state older than the current one is never taken.
   */
  async catchUpCatalog(): Promise<boolean> {
    const before = this.state;
    const next = await this.storage.read((query) => before.catchUp(query));
    if (next === undefined || next.tip.sequenceNo <= this.state.tip.sequenceNo) return false;
    this.state = next;
    this.tipTrust.othersSeen();
    return next.catalog !== before.catalog;
  }

  /** Queues `commit` for the next group commit; `span` is its transaction's, which the group commit's span links. */
  commit(commit: TransactionCommit, span?: TelemetrySpan): Promise<CommitResult> {
    return new Promise((resolve, reject) => {
      const queuedAt = performance.now();
      const prepared = commit.writes.length || commit.events.length || commit.redaction || commit.eventRedaction || commit.attached.length ? prepareBlock(this.state.strandId, commit) : undefined;
      this.queue.push({ commit, prepared, resolve, reject, span, queuedAt });
      if (!this.running) void this.drain();
    });
  }

  /** Waits for every queued commit to settle. */
  async idle(): Promise<void> {
    while (this.running || this.inFlight.length) await new Promise((resolve) => setImmediate(resolve));
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length) await this.commitBatch();
    } finally {
      this.running = false;
    }
  }

  private async commitBatch(): Promise<void> {
    if (this.storage.pipeline && this.queue.length === 1 && !this.inFlight.length && this.lastBatchSize > 1) await new Promise((resolve) => setImmediate(resolve)); // other callers' commits finishing now join it, to be pipelined
    if (this.pipelining()) return this.sendBatch();
    while (this.inFlight.length) await this.inFlight[this.inFlight.length - 1].settled; // it reads under the lock, or reads the tip: on what is committed
    if (!this.queue.length) return;
    let batch: Queued[] = [];
    let outcomes: Outcome[];
    let next: LedgerState;
    const watch = this.telemetry.commitStarted();
    const taking = (taken: Queued[]) => (batch = taken);
    try {
      [outcomes, next] = await this.writeBatch(taking).catch((error: unknown) => {
        if (!(error instanceof TipMovedError)) throw error;
        this.queue = batch.concat(this.queue); // built on a tip another writer moved: built again on the tip read under the lock (no spread: a batch may exceed what one call takes)
        this.tipTrust.tipMoved();
        return this.writeBatch(taking);
      });
    } catch (error) {
      this.markLeft = undefined;
      this.tipTrust.othersSeen();
      const failure = commitFailure(error);
      const failed = batch.length ? batch : this.queue.splice(0);
      this.telemetry.commitFailed(watch, failed, failure);
      for (const item of failed) item.reject(failure);
      return;
    }
    this.state = next;
    this.markLeft = this.marks?.left;
    this.tipTrust.committed(this.builtOnTrustedTip, this.othersAppended);
    const blocks = blocksOf(outcomes);
    if (blocks.length) this.stats.batches++;
    this.stats.blocks += blocks.length;
    if (blocks.length) this.onCommitted(blocks, next);
    this.settle(batch, outcomes, watch, blocks);
  }

  /**
   * Whether the next batch is sent without waiting for those before it: the storage pipelines, the
   * tip is trusted, the first commit's checks read nothing under the lock, and there is something to overlap
   * (a batch in flight, or commits behind this one; a lone commit is written as without pipelining).
   */
  private pipelining(): boolean {
    const overlaps = this.inFlight.length > 0 || this.queue.length > 1;
    return this.storage.pipeline !== undefined && this.tipTrust.trusted && !this.failedInFlight && overlaps && pipelinable(this.queue[0]);
  }

  /**
   * Sends the queued commits whose checks read nothing under the lock as one batch, chained on
   * the state after the batches still in flight and checked against the database with their writes
   * laid over it; at most PIPELINE_DEPTH are in flight, else it waits for the oldest.
   */
  private async sendBatch(): Promise<void> {
    if (this.inFlight.length >= PIPELINE_DEPTH) return this.inFlight[0].settled;
    if (this.inFlight.length) await new Promise((resolve) => setImmediate(resolve)); // the commits of callers the last batch answered join this one
    if (!this.pipelining()) return;
    const end = this.queue.findIndex((item) => !pipelinable(item));
    const count = end === -1 ? this.queue.length : end;
    const batch = this.queue.splice(0, this.inFlight.length ? count : Math.ceil(count / 2)); // with none in flight, half goes right behind: two batches to overlap
    const watch = this.telemetry.commitStarted();
    const before = this.state;
    let stored: StoredReads;
    try {
      stored = await this.storedBeneathFlights(batch);
    } catch (error) {
      const failure = commitFailure(error);
      this.telemetry.commitFailed(watch, batch, failure);
      for (const item of batch) item.reject(failure);
      return;
    }
    const after = before.fork();
    const changes = new CommitBatch();
    const outcomes: Outcome[] = [];
    for (const item of batch) outcomes.push(await this.commitOne(NO_QUERY, after, changes, stored, item));
    if (this.state !== before) {
      this.queue = batch.concat(this.queue); // a batch before it failed while it was built: built again
      return;
    }
    const blocks = blocksOf(outcomes);
    if (!blocks.length) return this.settle(batch, outcomes, watch, blocks);
    this.state = after;
    const committed = this.storage.pipeline!({ sequenceNo: before.tip.sequenceNo, blockHash: before.tip.blockHash }, changes.statements(false));
    const flight: InFlight = { batch, outcomes, blocks, before, after, changes, watch, settled: Promise.resolve() };
    flight.settled = committed.then(
      () => this.flightCommitted(flight),
      (error: unknown) => this.flightFailed(flight, error),
    );
    this.inFlight.push(flight);
  }

  /**
   * What the batch's transactions read, as the database will hold it once the batches in flight
   * have committed: read outside the lock, with their writes laid over it. They are taken before
   * the read, so a batch that commits meanwhile counts either way; a batch that fails, or another
   * writer's commit, moves the tip this batch is chained on, and it is built again.
   */
  private async storedBeneathFlights(batch: readonly Queued[]): Promise<StoredReads> {
    const readSets = batch.map((item) => item.commit.readSet).filter((readSet) => readSet.readsStored);
    if (!readSets.length) return StoredReads.NONE;
    const written = this.inFlight.map((flight) => flight.changes);
    const stored = await this.storage.read((query) => StoredReads.of(query, readSets));
    return stored.withWrites(written);
  }

  private flightCommitted(flight: InFlight): void {
    this.inFlight.splice(this.inFlight.indexOf(flight), 1);
    this.tipTrust.committed(true, false);
    this.stats.batches++;
    this.stats.pipelined++;
    this.stats.blocks += flight.blocks.length;
    this.onCommitted(flight.blocks, flight.after);
    this.settle(flight.batch, flight.outcomes, flight.watch, flight.blocks);
  }

  /**
   * A pipelined batch did not commit. The first to fail takes the state back to what it was chained
   * on (the next batch reads the tip: a failure may leave unknown whether it was written). A batch
   * its tip check refused wrote nothing (another writer moved the tip, or the batch before it
   * failed): its commits are built again once every batch in flight has settled. Any other
   * failure is its commits' (the thread's end among them, when the batch may be on disk).
   */
  private flightFailed(flight: InFlight, error: unknown): void {
    this.inFlight.splice(this.inFlight.indexOf(flight), 1);
    if (!this.failedInFlight) {
      this.failedInFlight = true;
      this.state = flight.before;
      if (error instanceof TipMovedError) this.tipTrust.tipMoved();
      else this.tipTrust.othersSeen();
    }
    if (error instanceof TipMovedError) {
      this.rebuild.push(...flight.batch);
    } else {
      const failure = commitFailure(error);
      this.telemetry.commitFailed(flight.watch, flight.batch, failure);
      for (const item of flight.batch) item.reject(failure);
    }
    if (this.inFlight.length) return;
    this.failedInFlight = false;
    this.queue = this.rebuild.concat(this.queue);
    this.rebuild = [];
    if (!this.running && this.queue.length) void this.drain();
  }

  /** Answers a batch's commits, in order, once it committed (or wrote nothing). */
  private settle(batch: Queued[], outcomes: Outcome[], watch: GroupCommitWatch, blocks: Block[]): void {
    this.lastBatchSize = batch.length;
    this.telemetry.commitEnded(watch, batch, outcomes.map((o) => ('error' in o ? o.error : undefined)), blocks.length);
    batch.forEach((item, i) => {
      const outcome = outcomes[i];
      if ('result' in outcome) item.resolve(outcome.result);
      else item.reject(outcome.error);
    });
  }

  /**
   * Commits the queued transactions in one write transaction (`taking` told which, once the lock is
   * held): their outcomes, and the state after them. On a storage without write marks, a trusted
   * tip is not read but expected, and the storage checks it (TipMovedError when another writer moved it).
   */
  private async writeBatch(taking: (batch: Queued[]) => void): Promise<readonly [Outcome[], LedgerState]> {
    const trusted = this.storage.writeMarks === undefined && this.tipTrust.trusted;
    this.builtOnTrustedTip = trusted;
    const expectedTip = trusted ? { sequenceNo: this.state.tip.sequenceNo, blockHash: this.state.tip.blockHash } : undefined;
    const [outcomes, next] = await this.storage.write(
      async (query) => {
        const current = expectedTip ? this.state : await this.latest(query);
        const batch = this.queue.splice(0); // taken once the lock is held (or expected): commits queued while waiting for it join
        taking(batch);
        const state = current.fork(); // the batch's working copy, kept only when the batch commits
        const changes = new CommitBatch();
        const stored = await StoredReads.of(query, batch.map((item) => item.commit.readSet)); // one query per kind for the batch
        const results: Outcome[] = [];
        for (const item of batch) results.push(await this.commitOne(query, state, changes, stored, item));
        return [results, state, changes, state.tip.sequenceNo !== current.tip.sequenceNo] as const;
      },
      ([, state, changes, appended]) => ({ statements: changes.statements(this.oneStatement), tipSequenceNo: appended ? state.tip.sequenceNo : undefined }),
      { expectedTip },
    );
    if (expectedTip) this.othersAppended = false;
    return [outcomes, next];
  }

  /**
   * The state at storage's tip, under the write lock: the one held when the storage's marks say that
   * nothing was committed since the last batch, else caught up with what other processes appended
   * (on PostgreSQL, the reload's query takes the write lock).
   */
  private async latest(query: SqlQuery): Promise<LedgerState> {
    this.marks = this.storage.writeMarks?.();
    if (this.marks !== undefined && this.marks.found === this.markLeft) return this.state;
    const reloaded = await this.reload(query);
    this.othersAppended = reloaded !== undefined;
    return reloaded ?? this.state;
  }

  /**
   * Validates one transaction against `state` (the batch so far) and, when it holds, adds its block
   * to the batch and advances `state` past it; a transaction that fails leaves both as they were.
   * DDL is written at once, since the index entries it creates read the documents of the batch.
   */
  private async commitOne(query: SqlQuery, state: LedgerState, changes: CommitBatch, stored: StoredReads, { commit, prepared }: Queued): Promise<Outcome> {
    let block: Block | undefined;
    let redactedDataHash: Uint8Array | undefined;
    let redactedHeader: Uint8Array | undefined;
    try {
      const changed = commit.readSet.firstChange(state.catalog, changes, stored);
      if (changed) throw new OccConflictError(changed);
      if (commit.redaction) redactedDataHash = await this.redactable(query, state, changes, commit.redaction);
      if (commit.eventRedaction) redactedHeader = await this.redactableEvent(query, state, changes, commit.eventRedaction);
      for (const write of commit.attached) await write.check(query);
      if (prepared) block = chainAfter(prepared, state);
    } catch (error) {
      return { error };
    }
    if (!block) return { result: {} };
    changes.add(block, state.frontier.append(block.blockHash), commit.writes);
    if (commit.redaction && redactedDataHash) changes.redact(commit.redaction, redactedDataHash);
    if (commit.eventRedaction && redactedHeader) changes.redactEvent(commit.eventRedaction, redactedHeader);
    for (const write of commit.attached) changes.attach(write.statements(block.blockAddress.sequenceNo));
    if (commit.attached.length) await changes.flush(query, this.oneStatement); // the next transaction's check reads these rows
    state.tip = { sequenceNo: block.blockAddress.sequenceNo, blockHash: block.blockHash, blockTime: block.blockTimestamp as Date };
    const catalogWrites = commit.writes.filter((w) => w.table.tableId === CATALOG_TABLE_ID);
    if (catalogWrites.length) {
      await changes.flush(query, this.oneStatement);
      await applyCatalogWrites(query, state.catalog, catalogWrites, block.blockAddress.sequenceNo);
    }
    return { result: { block } };
  }

  /**
   * The data hash of the revision a redaction names, checked again under the lock against storage
   * and the batch so far (a redaction committed meanwhile, or in this batch, refuses it).
   */
  private async redactable(query: SqlQuery, state: LedgerState, changes: CommitBatch, redaction: RedactedRevisionInfo): Promise<Uint8Array> {
    if (changes.redacts(redaction)) throw new RedactionRefusedError(`revision ${redaction.version} of document ${redaction.documentId} is already redacted`, redaction.documentId);
    const request = await redactionRequest(query, state.strandId, (tableId) => state.catalog.byTableId(tableId), redaction);
    return request.dataHash;
  }

  /**
   * The header of the block an event redaction names, with the event redacted, checked again under
   * the lock once the batch so far is written (a redaction committed meanwhile, or earlier in this
   * batch, refuses it; one of another event of the same block is kept).
   */
  private async redactableEvent(query: SqlQuery, state: LedgerState, changes: CommitBatch, redaction: RedactedEventInfo): Promise<Uint8Array> {
    await changes.flush(query, this.oneStatement);
    return eventRedactionRequest(await storedEvent(query, state.strandId, redaction)).header;
  }

  /** Whether a batch's rows go in one statement: on PostgreSQL, where each statement is a round trip under the lock. */
  private get oneStatement(): boolean {
    return this.storage.options.type === 'postgres';
  }
}

/** What the callers of a batch that failed are told: the storage's error, or one wrapping another failure. */
function commitFailure(error: unknown): StorageError {
  return error instanceof StorageError ? error : new StorageError(`commit failed: ${(error as Error).message}`, undefined, error);
}

/** The blocks of a batch's outcomes, in order. */
function blocksOf(outcomes: readonly Outcome[]): Block[] {
  return outcomes.flatMap((o) => ('result' in o && o.result.block ? [o.result.block] : []));
}

/**
 * Whether a commit can be pipelined: it redacts nothing, attaches no writes and changes no table's
 * definition, whose checks read the database under the lock (its reads are checked against
 * StoredReads, the catalog's in memory).
 */
function pipelinable({ commit }: Queued): boolean {
  return !commit.redaction && !commit.eventRedaction && !commit.attached.length && !commit.writes.some((w) => w.table.tableId === CATALOG_TABLE_ID);
}

/** Hashes a finished transaction's block as far as it can be before it is chained. */
function prepareBlock(strandId: string, commit: TransactionCommit): PreparedBlock {
  return PreparedBlock.of({
    strandId,
    transactionId: commit.transactionId,
    timestamp: new Date(),
    statements: commit.statements,
    events: commit.events,
    transactionExtras: mergedFields([commit.extras, ...commit.attached.map((write) => write.transactionInfo)]),
    ...(commit.redaction ? { redactionInfo: redactionInfoOf(commit.redaction) } : {}),
    ...(commit.eventRedaction ? { redactionInfo: eventRedactionInfoOf(commit.eventRedaction) } : {}),
    revisions: commit.writes.map(
      (w): RevisionInput => ({
        tableName: w.table.name,
        tableId: w.table.tableId,
        documentId: w.documentId,
        version: w.version,
        ...(w.data ? { data: w.data, dataHash: w.dataHash } : {}),
        statements: w.statements,
      }),
    ),
  });
}

/** The block chained after `state`'s tip; its time moved up to the tip's when it was prepared earlier (block times never go back). */
function chainAfter(prepared: PreparedBlock, state: LedgerState): Block {
  const { tip } = state;
  const timed = prepared.timestamp.getTime() < tip.blockTime.getTime() ? prepared.at(new Date(tip.blockTime.getTime())) : prepared;
  return timed.chain({ sequenceNo: tip.sequenceNo, blockHash: tip.blockHash });
}

/** The fields of `structs` in one struct, later ones winning, every name an own field (`__proto__` included). */
function mergedFields<T>(structs: ReadonlyArray<{ [name: string]: T }>): { [name: string]: T } {
  const merged: { [name: string]: T } = {};
  for (const struct of structs) for (const [name, value] of Object.entries(struct)) setField(merged, name, value);
  return merged;
}
