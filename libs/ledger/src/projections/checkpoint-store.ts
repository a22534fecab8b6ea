// Projection checkpoints in the ledger's database (table ledger_projection): read for status,
// moved by compare-and-set in the write transaction that also holds an exactly-once batch's SQL.
import type { Ledger } from '../engine';
import type { EventPosition } from '../event-sourcing';
import {
  advanceCheckpoint,
  insertCheckpointIfAbsent,
  resetCheckpoint,
  selectCheckpoint,
  selectCheckpoints,
  selectStrand,
  updateFailure,
  type CheckpointRow,
  type SqlQuery,
} from '../storage';

/** Thrown inside a checkpoint's transaction when the checkpoint is no longer where the runner left it. */
export class CheckpointMoved extends Error {
  constructor(name: string) {
    super(`the checkpoint of projection ${name} moved, or its lease passed to another process`);
  }
}

export class CheckpointStore {
  constructor(private readonly ledger: Ledger) {}

  /** The position of the next event the projection handles (the start of the journal for a new one). */
  async next(name: string): Promise<EventPosition> {
    const row = await this.ledger.writeDatabase(async (query) => {
      await insertCheckpointIfAbsent(query, name);
      return selectCheckpoint(query, name);
    });
    return { sequenceNo: Number(row!.nextSequenceNo), index: Number(row!.nextIndex) };
  }

  /** Moves the checkpoint in the caller's transaction; throws CheckpointMoved (rolling it back) when `owner` lost it. */
  async advance(query: SqlQuery, name: string, owner: string, from: EventPosition, to: EventPosition): Promise<void> {
    if (!(await advanceCheckpoint(query, name, owner, from, to))) throw new CheckpointMoved(name);
  }

  /** Moves the checkpoint in a transaction of its own. */
  advanceAlone(name: string, owner: string, from: EventPosition, to: EventPosition): Promise<void> {
    return this.ledger.writeDatabase((query) => this.advance(query, name, owner, from, to));
  }

  recordFailure(name: string, message: string, at: EventPosition): Promise<void> {
    return this.ledger.writeDatabase((query) => updateFailure(query, name, message, at));
  }

  /** Resets the checkpoint to the start of the journal after `before` ran in the same transaction. */
  reset(name: string, before: (query: SqlQuery) => Promise<unknown>): Promise<void> {
    return this.ledger.writeDatabase(async (query) => {
      await insertCheckpointIfAbsent(query, name);
      await before(query);
      await resetCheckpoint(query, name);
    });
  }

  /** Every checkpoint row, and the sequenceNo of the journal's last block. */
  all(): Promise<{ rows: CheckpointRow[]; tip: number }> {
    return this.ledger.readDatabase(async (query) => ({
      rows: await selectCheckpoints(query),
      tip: Number((await selectStrand(query))!.tipSequenceNo),
    }));
  }
}
