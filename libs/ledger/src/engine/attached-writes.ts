// Rows of the ledger's own tables beside the journal (the subjects' data keys) that a transaction
// writes with its block, in the same database transaction: checked under the write lock against
// what is stored, then written after the block's rows, all or nothing. Kept beside a transaction,
// not on it, so that applications see no such method on Transaction.
import type { IonStructObject } from '../ion';
import type { SqlQuery, SqlStatement } from '../storage';

export interface AttachedWrite {
  /** Fields the block's transactionInfo records the write by (names applications may not annotate). */
  transactionInfo: IonStructObject;
  /** Throws when the write no longer holds (run under the write lock, before the block is chained). */
  check(query: SqlQuery): Promise<void>;
  /** The statements, given the sequenceNo of the block they commit with. */
  statements(sequenceNo: number): SqlStatement[];
}

const attached = new WeakMap<object, AttachedWrite[]>();

/** Adds `write` to what `transaction` commits with its block. */
export function attachWrite(transaction: object, write: AttachedWrite): void {
  const writes = attached.get(transaction) ?? [];
  attached.set(transaction, [...writes, write]);
}

/** What `transaction` commits beside its block. */
export function attachedWrites(transaction: object): AttachedWrite[] {
  return attached.get(transaction) ?? [];
}
