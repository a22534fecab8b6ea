// When a committer on a storage without write marks (PostgreSQL) may build a batch on the tip it
// left without reading it: after enough batches in a row found no block of another writer. Each
// check that failed (another writer had moved the tip) doubles how many it takes, so that writers
// in several processes seldom send a batch for nothing; a long run of trusted batches that all
// committed halves it again, so that a burst of contention long past does not cost a lone writer
// its one-round-trip commits for the rest of the process's life.
export const MOST_QUIET_BATCHES_TO_TRUST = 64;

export class TipTrust {
  /** Batches in a row that found no block of another writer. */
  private quietBatches = 0;
  /** How many such batches it takes before the next builds on the tip unread. */
  private quietBatchesToTrust = 1;
  /** Batches in a row built on the tip unread that committed. */
  private trustedCommits = 0;

  /** Whether the next batch may build on the tip this process left without reading it. */
  get trusted(): boolean {
    return this.quietBatches >= this.quietBatchesToTrust;
  }

  /** How many quiet batches it takes now (for tests and diagnostics). */
  get batchesToTrust(): number {
    return this.quietBatchesToTrust;
  }

  /** A batch committed: on the tip unread (`trusted`), or after reading it and finding others' blocks or not. */
  committed(trusted: boolean, othersAppended: boolean): void {
    this.quietBatches = othersAppended ? 0 : this.quietBatches + 1;
    if (!trusted) return;
    this.trustedCommits++;
    if (this.trustedCommits < MOST_QUIET_BATCHES_TO_TRUST) return;
    this.trustedCommits = 0;
    this.quietBatchesToTrust = Math.max(1, this.quietBatchesToTrust / 2);
  }

  /** A batch built on the tip unread found it moved by another writer. */
  tipMoved(): void {
    this.quietBatches = 0;
    this.trustedCommits = 0;
    this.quietBatchesToTrust = Math.min(2 * this.quietBatchesToTrust, MOST_QUIET_BATCHES_TO_TRUST);
  }

  /** Another writer's blocks were seen outside a batch, or a batch failed: read the tip again before trusting it. */
  othersSeen(): void {
    this.quietBatches = 0;
  }
}
