// Which process runs a projection: at most one at a time across every process sharing the ledger.
// The lease is a row in ledger_projection with an owner and an expiry the owner keeps pushing
// forward (its heartbeat); once the expiry passes, another process takes it over. Kept behind the
// ProjectionLease interface (sql-storage.ts) so that a database with better tools (PostgreSQL's
// advisory locks) can replace it.
import { insertCheckpointIfAbsent, releaseLease, takeLease } from './checkpoint-repository';
import type { ProjectionLease, SqlStorage } from './sql-storage';

/** The lease as a row with an owner and an expiry, written in the ledger's write transaction. */
export class RowProjectionLease implements ProjectionLease {
  constructor(
    private readonly database: Pick<SqlStorage, 'write'>,
    private readonly clock: () => number = Date.now,
  ) {}

  acquire(projection: string, owner: string, ttlMs: number): Promise<boolean> {
    return this.database.write(async (query) => {
      await insertCheckpointIfAbsent(query, projection);
      const now = this.clock();
      return takeLease(query, projection, owner, now, now + ttlMs);
    });
  }

  release(projection: string, owner: string): Promise<void> {
    return this.database.write((query) => releaseLease(query, projection, owner));
  }
}
