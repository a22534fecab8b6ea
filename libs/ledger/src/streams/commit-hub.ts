// The ledger's fan-out of commit notices to its live streams: blocks this process committed are
// handed over as they are, commits of other processes arrive as tips from the storage's tip watch,
// which runs only while at least one stream watches. Closing tells every stream, once. It also
// measures how far behind the tip the slowest stream reads (the stream lag metric).
import type { Block } from '../journal';
import type { JournalWatcher } from './journal-source';

export class CommitHub {
  private readonly watchers = new Set<JournalWatcher>();
  private unwatchStorage: (() => void) | undefined;
  private closedBy: Error | undefined;
  /** The highest tip published so far (commits of other processes included, while streams watch). */
  private lastTip = -1;

  /** `watchTip` starts the storage's watch for other processes' commits and returns its stop function. */
  constructor(private readonly watchTip: (listener: (tipSequenceNo: number) => void) => () => void) {}

  /** How many streams are watching. */
  get size(): number {
    return this.watchers.size;
  }

  watch(watcher: JournalWatcher): () => void {
    if (this.closedBy) {
      watcher.closed(this.closedBy);
      return () => undefined;
    }
    this.watchers.add(watcher);
    this.unwatchStorage ??= this.watchTip((tip) => this.publish(tip));
    return () => {
      if (this.watchers.delete(watcher) && this.watchers.size === 0) this.stopStorageWatch();
    };
  }

  /** Tells every watcher of a commit (with its blocks when this process committed them). */
  publish(tipSequenceNo: number, blocks?: readonly Block[]): void {
    this.lastTip = Math.max(this.lastTip, tipSequenceNo);
    for (const watcher of [...this.watchers]) watcher.committed(tipSequenceNo, blocks);
  }

  /**
   * Blocks committed up to `tip` (or the highest tip published, when higher) that the slowest
   * watcher has not read yet; 0 when no watcher is behind (or none knows where it stands yet).
   */
  lag(tip: number): number {
    const last = Math.max(tip, this.lastTip);
    let lag = 0;
    for (const { nextSequenceNo } of this.watchers) {
      if (nextSequenceNo !== undefined) lag = Math.max(lag, last - nextSequenceNo + 1);
    }
    return lag;
  }

  /** Tells every watcher, now and later, that the ledger closed. */
  close(reason: Error): void {
    if (this.closedBy) return;
    this.closedBy = reason;
    this.stopStorageWatch();
    const watchers = [...this.watchers];
    this.watchers.clear();
    for (const watcher of watchers) watcher.closed(reason);
  }

  private stopStorageWatch(): void {
    this.unwatchStorage?.();
    this.unwatchStorage = undefined;
  }
}
