// Group commit: transactions that finish while a commit is under way queue up and commit together
// in the next database transaction (one sync to disk for all of them), each validated in order and
// each its own block chained to the one before. A conflict or failure of one transaction rolls back
// only its own savepoint; a failure of the database transaction fails the whole batch, and nothing of
// it is acknowledged.
import { buildBlock, type Block, type RevisionInput } from '../journal';
import { SqlStorage, StorageError, updateTip, type SqlQuery } from '../storage';
import { OccConflictError } from './errors';
import { writeBlock } from './block-writer';
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
      while (this.queue.length) await this.commitBatch(this.queue.splice(0));
    } finally {
      this.running = false;
    }
  }

  private async commitBatch(batch: Queued[]): Promise<void> {
    let outcomes: Outcome[];
    let next: LedgerState;
    try {
      [outcomes, next] = await this.storage.write(async (query) => {
        let working = (await this.reload(query)) ?? this.state;
        const results: Outcome[] = [];
        for (const item of batch) {
          const [outcome, state] = await this.commitOne(query, working, item.commit);
          results.push(outcome);
          working = state;
        }
        await updateTip(query, working.strandId, working.tip.sequenceNo, working.tip.blockHash);
        return [results, working] as const;
      });
    } catch (error) {
      const failure = error instanceof StorageError ? error : new StorageError(`commit failed: ${(error as Error).message}`, undefined, error);
      for (const item of batch) item.reject(failure);
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

  /** Validates and writes one transaction inside its own savepoint; returns its outcome and the state after it. */
  private async commitOne(query: SqlQuery, state: LedgerState, commit: TransactionCommit): Promise<[Outcome, LedgerState]> {
    await query('SAVEPOINT ledger_commit');
    const next = state.fork();
    try {
      const changed = await commit.readSet.firstChange(query);
      if (changed) throw new OccConflictError(changed);
      const result = commit.writes.length ? { block: await this.appendBlock(query, next, commit) } : {};
      await query('RELEASE ledger_commit');
      return [{ result }, next];
    } catch (error) {
      await query('ROLLBACK TO ledger_commit');
      await query('RELEASE ledger_commit');
      return [{ error }, state];
    }
  }

  private async appendBlock(query: SqlQuery, working: LedgerState, commit: TransactionCommit): Promise<Block> {
    const timestamp = new Date(Math.max(Date.now(), working.tip.blockTime.getTime()));
    const block = buildBlock({
      strandId: working.strandId,
      previous: { sequenceNo: working.tip.sequenceNo, blockHash: working.tip.blockHash },
      transactionId: commit.transactionId,
      timestamp,
      statements: commit.statements,
      revisions: commit.writes.map(
        (w): RevisionInput => ({
          tableName: w.table.name,
          tableId: w.table.tableId,
          documentId: w.documentId,
          version: w.version,
          ...(w.data ? { data: w.data } : {}),
          statements: w.statements,
        }),
      ),
    });
    await writeBlock(query, working, block, commit);
    return block;
  }
}
