// The SQL of projection checkpoints (table ledger_projection, schema version 3), over a SqlQuery
// like ledger-repository.ts. A checkpoint moves by compare-and-set: only its lease's owner moves it,
// and only from the position it last read, so a runner that lost its lease, or whose checkpoint a
// rebuild reset meanwhile, changes nothing (and its transaction rolls back).
import type { SqlQuery } from './sql-storage';

/** Where a projection stands: the position of the next event it will handle, its lease, its failure. */
export interface CheckpointRow {
  name: string;
  nextSequenceNo: number;
  nextIndex: number;
  owner: string | null;
  /** Milliseconds since the epoch. */
  leaseExpiresAt: number | null;
  failure: string | null;
  failedSequenceNo: number | null;
  failedIndex: number | null;
}

/** A position in the event order: block sequenceNo, index of the event in the block. */
export interface CheckpointPosition {
  sequenceNo: number;
  index: number;
}

const COLUMNS = `name, next_sequence_no AS "nextSequenceNo", next_index AS "nextIndex", owner, lease_expires_at AS "leaseExpiresAt",
  failure, failed_sequence_no AS "failedSequenceNo", failed_index AS "failedIndex"`;

/** Creates the projection's row at the start of the journal unless it exists. */
export async function insertCheckpointIfAbsent(query: SqlQuery, name: string): Promise<void> {
  await query('INSERT INTO ledger_projection (name, next_sequence_no, next_index) VALUES (?, 0, 0) ON CONFLICT (name) DO NOTHING', [name]);
}

export async function selectCheckpoint(query: SqlQuery, name: string): Promise<CheckpointRow | undefined> {
  const [row] = await query<CheckpointRow>(`SELECT ${COLUMNS} FROM ledger_projection WHERE name = ?`, [name]);
  return row;
}

export async function selectCheckpoints(query: SqlQuery): Promise<CheckpointRow[]> {
  return query<CheckpointRow>(`SELECT ${COLUMNS} FROM ledger_projection ORDER BY name`);
}

/** Moves the checkpoint from `from` to `to` and clears its failure; false when `owner` no longer holds it at `from`. */
export async function advanceCheckpoint(
  query: SqlQuery,
  name: string,
  owner: string,
  from: CheckpointPosition,
  to: CheckpointPosition,
): Promise<boolean> {
  const rows = await query(
    `UPDATE ledger_projection SET next_sequence_no = ?, next_index = ?, failure = NULL, failed_sequence_no = NULL, failed_index = NULL
      WHERE name = ? AND owner = ? AND next_sequence_no = ? AND next_index = ? RETURNING name`,
    [to.sequenceNo, to.index, name, owner, from.sequenceNo, from.index],
  );
  return rows.length === 1;
}

/** Records why the projection stopped, and at which event. */
export async function updateFailure(query: SqlQuery, name: string, failure: string, at: CheckpointPosition): Promise<void> {
  await query('UPDATE ledger_projection SET failure = ?, failed_sequence_no = ?, failed_index = ? WHERE name = ?', [failure, at.sequenceNo, at.index, name]);
}

/** Moves the checkpoint back to the start of the journal and clears its failure. */
export async function resetCheckpoint(query: SqlQuery, name: string): Promise<void> {
  await query(
    `UPDATE ledger_projection SET next_sequence_no = 0, next_index = 0, failure = NULL, failed_sequence_no = NULL, failed_index = NULL
      WHERE name = ?`,
    [name],
  );
}

/** Gives the lease to `owner` until `expiresAt` when it is free, expired or already its own; true when it did. */
export async function takeLease(query: SqlQuery, name: string, owner: string, now: number, expiresAt: number): Promise<boolean> {
  const rows = await query(
    `UPDATE ledger_projection SET owner = ?, lease_expires_at = ?
      WHERE name = ? AND (owner IS NULL OR owner = ? OR lease_expires_at < ?) RETURNING name`,
    [owner, expiresAt, name, owner, now],
  );
  return rows.length === 1;
}

/** Makes `owner` the lease's holder until `expiresAt`, whoever held it: for a lease whose exclusivity a lock already ensures. */
export async function claimLease(query: SqlQuery, name: string, owner: string, expiresAt: number): Promise<void> {
  await query('UPDATE ledger_projection SET owner = ?, lease_expires_at = ? WHERE name = ?', [owner, expiresAt, name]);
}

/** Frees the lease when `owner` holds it. */
export async function releaseLease(query: SqlQuery, name: string, owner: string): Promise<void> {
  await query('UPDATE ledger_projection SET owner = NULL, lease_expires_at = NULL WHERE name = ? AND owner = ?', [name, owner]);
}
