// Group commit: transactions that finish while a commit is under way queue up and commit together
// in the next database transaction (one sync to disk, one multi-row insert per table), each
// validated in order against the database and the batch so far, each its own block chained to the
// one before. A conflict fails only its own transaction; a failure of the database transaction
// fails the whole batch, and nothing of it is acknowledged.
import { buildBlock, type Block, type RevisionInput } from '../journal';
import { SqlStorage, StorageError, type SqlQuery } from '../storage';
import { applyCatalogWrites } from './catalog-changes';
import { CATALOG_TABLE_ID } from './catalog';
import { CommitBatch } from './commit-batch';
import { OccConflictError } from './errors';
import { LedgerState } from './ledger-state';
import type { TransactionCommit } from './transaction';

/** What a commit produced: the block, or none when the transaction wrote nothing. */
export interface CommitResult {
  block?: Block;
}

interface Queued {
  commit: TransactionCommit;
  resolve(result: CommitResult): void;
  reject(error: unknown): void;
}

type Outcome = { result: CommitResult } | { error: unknown };

/** How commits were grouped: blocks written, and the database transactions (syncs) that wrote them. */
export interface CommitStats {
  blocks: number;
  batches: number;
}

export class Committer {
  private queue: Queued[] = [];
  private running = false;
  readonly stats: CommitStats = { blocks: 0, batches: 0 };

  constructor(
    private readonly storage: SqlStorage,
    private state: LedgerState,
    private readonly reload: (query: SqlQuery) => Promise<LedgerState | undefined>,
    private readonly onCommitted: (blocks: Block[], state: LedgerState) => void,
  ) {}

  /** The state after the last successful commit. */
  get current(): LedgerState {
    return this.state;
  }

  commit(commit: TransactionCommit): Promise<CommitResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ commit, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  /** Waits for every queued commit to settle. */
  async idle(): Promise<void> {
    while (this.running) await new Promise((resolve) => setImmediate(resolve));
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
    let batch: Queued[] = [];
    let outcomes: Outcome[];
    let next: LedgerState;
    try {
      [outcomes, next] = await this.storage.write(async (query) => {
        batch = this.queue.splice(0); // taken once the write lock is held: commits queued while waiting for it join
        let state = (await this.reload(query)) ?? this.state;
        const changes = new CommitBatch();
        const results: Outcome[] = [];
        for (const item of batch) {
          const [outcome, after] = await this.commitOne(query, state, changes, item.commit);
          results.push(outcome);
          state = after;
        }
        await changes.flush(query);
        return [results, state] as const;
      });
    } catch (error) {
      const failure = error instanceof StorageError ? error : new StorageError(`commit failed: ${(error as Error).message}`, undefined, error);
      for (const item of batch.length ? batch : this.queue.splice(0)) item.reject(failure);
      return;
    }
    this.state = next;
    const blocks = outcomes.flatMap((o) => ('result' in o && o.result.block ? [o.result.block] : []));
    if (blocks.length) this.stats.batches++;
    this.stats.blocks += blocks.length;
    if (blocks.length) this.onCommitted(blocks, next);
    batch.forEach((item, i) => {
      const outcome = outcomes[i];
      if ('result' in outcome) item.resolve(outcome.result);
      else item.reject(outcome.error);
    });
  }

  /**
   * Validates one transaction against the state so far and, when it holds, adds its block to the
   * batch. Returns its outcome and the state after it (unchanged when it failed). DDL is written at
   * once, since the index entries it creates read the documents of the batch.
   */
  private async commitOne(query: SqlQuery, state: LedgerState, changes: CommitBatch, commit: TransactionCommit): Promise<[Outcome, LedgerState]> {
    let block: Block | undefined;
    let next = state;
    try {
      const changed = await commit.readSet.firstChange(query, state.catalog, changes);
      if (changed) throw new OccConflictError(changed);
      if (commit.writes.length || commit.events.length) {
        next = state.fork();
        block = this.buildNext(next, commit);
        changes.add(block, next.frontier.append(block.blockHash), commit.writes);
        next.tip = { sequenceNo: block.blockAddress.sequenceNo, blockHash: block.blockHash, blockTime: block.blockTimestamp as Date };
      }
    } catch (error) {
      return [{ error }, state];
    }
    const catalogWrites = commit.writes.filter((w) => w.table.tableId === CATALOG_TABLE_ID);
    if (block && catalogWrites.length) {
      await changes.flush(query);
      await applyCatalogWrites(query, next.catalog, catalogWrites, block.blockAddress.sequenceNo);
    }
    return [{ result: block ? { block } : {} }, next];
  }

  private buildNext(state: LedgerState, commit: TransactionCommit): Block {
    return buildBlock({
      strandId: state.strandId,
      previous: { sequenceNo: state.tip.sequenceNo, blockHash: state.tip.blockHash },
      transactionId: commit.transactionId,
      timestamp: new Date(Math.max(Date.now(), state.tip.blockTime.getTime())),
      statements: commit.statements,
      events: commit.events,
      transactionExtras: commit.extras,
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
}
