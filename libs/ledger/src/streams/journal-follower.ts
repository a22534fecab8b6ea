// The reader loop under every journal stream: it returns the committed blocks from a start in
// sequence order, a page at a time, reading the next sequenceNo range from storage, and when it has
// caught up it waits for a commit notice and reads again. Blocks this process commits are handed
// over directly when they continue exactly where the reader is (saving a read); any other notice
// only wakes it to read. Since every page starts at the next sequenceNo, whatever its source, there
// is never a gap, a duplicate or a reordering at the seam between catching up and following live.
import type { Block } from '../journal';
import type { JournalSource, JournalWatcher } from './journal-source';

export interface FollowOptions {
  /**
   * The first block's sequenceNo, or 'now': the block after the tip read when reading starts, or
   * the first block this process committed after that, if earlier (so none of those is missed).
   */
  from: number | 'now';
  /** Whether blocks carry their revisions (reading without them is cheaper). */
  revisions: boolean;
  /** Blocks per page, read from storage at once. */
  pageSize: number;
  /**
   * Most blocks held that this process committed before the reader took them (one commit batch is
   * always taken when nothing is held: it is in memory anyway); past it, blocks are read from
   * storage later instead.
   */
  highWaterMark: number;
}

export class JournalFollower implements JournalWatcher {
  private next: number | undefined;
  private handed: Block[] = [];
  private notified = false;
  private wake: (() => void) | undefined;
  private failure: Error | undefined;
  private stopped = false;
  private unwatch: (() => void) | undefined;
  private opened: Promise<void> | undefined;
  /** While 'now' is resolved: the first block this process committed meanwhile. */
  private firstCommittedHere = Number.POSITIVE_INFINITY;

  constructor(
    private readonly source: JournalSource,
    private readonly options: FollowOptions,
  ) {}

  /** The sequenceNo of the next block nextPage returns, once known. */
  get nextSequenceNo(): number | undefined {
    return this.next;
  }

  /** Blocks handed over by this process's commits and not yet returned (at most highWaterMark, or one commit batch). */
  get bufferedBlocks(): number {
    return this.handed.length;
  }

  /**
   * The next 1..pageSize blocks in order, waiting for commits when there are none yet; an empty
   * page once stopped. Rejects with the ledger's closing error, a storage error, or what the
   * source's ready() refused the reader with.
   */
  async nextPage(): Promise<Block[]> {
    try {
      await (this.opened ??= this.source.ready?.() ?? Promise.resolve());
      if (this.stopped) return [];
      this.unwatch ??= this.source.watch(this);
      this.next ??= this.options.from === 'now' ? Math.min((await this.source.tip()) + 1, this.firstCommittedHere) : this.options.from;
      for (;;) {
        if (this.failure) throw this.failure;
        if (this.stopped) return [];
        const page = this.takeHanded() ?? (await this.readStored());
        if (page.length) {
          this.next = page[page.length - 1].blockAddress.sequenceNo + 1;
          return page;
        }
        await this.nextNotice();
      }
    } catch (error) {
      throw this.failure ?? error;
    }
  }

  /** Stops following: no more reads, notices or held blocks; a waiting nextPage returns an empty page. */
  stop(): void {
    this.stopped = true;
    this.handed = [];
    this.unwatch?.();
    this.wakeUp();
  }

  committed(tipSequenceNo: number, blocks?: readonly Block[]): void {
    if (this.stopped) return;
    if (blocks?.length && this.next === undefined) this.firstCommittedHere = Math.min(this.firstCommittedHere, sequenceOf(blocks[0]));
    if (blocks?.length) this.hold(blocks);
    if (this.next === undefined || tipSequenceNo >= this.next) {
      this.notified = true;
      this.wakeUp();
    }
  }

  closed(reason: Error): void {
    this.failure = reason;
    this.handed = [];
    this.wakeUp();
  }

  /** Keeps blocks committed here when they continue the held ones (or start at the next sequenceNo) and fit under the mark. */
  private hold(blocks: readonly Block[]): void {
    if (this.next === undefined) return;
    const expected = this.handed.length ? sequenceOf(this.handed[this.handed.length - 1]) + 1 : this.next;
    if (sequenceOf(blocks[0]) !== expected) return;
    if (this.handed.length > 0 && this.handed.length + blocks.length > this.options.highWaterMark) return;
    for (const block of blocks) this.handed.push(block); // not spread into push's arguments: one group commit may hold more blocks than one call takes
  }

  /** The held blocks that start at the next sequenceNo (at most a page), or undefined: then the held ones are useless. */
  private takeHanded(): Block[] | undefined {
    const next = this.next as number;
    while (this.handed.length && sequenceOf(this.handed[0]) < next) this.handed.shift();
    if (this.handed.length === 0) return undefined;
    if (sequenceOf(this.handed[0]) !== next) {
      this.handed = [];
      return undefined;
    }
    return this.handed.splice(0, this.options.pageSize);
  }

  private readStored(): Promise<Block[]> {
    this.notified = false;
    const first = this.next as number;
    return this.source.readBlocks(first, first + this.options.pageSize - 1, { revisions: this.options.revisions });
  }

  /** Resolves at the next commit notice, stop or close (at once when one came since the last read). */
  private async nextNotice(): Promise<void> {
    if (this.notified || this.stopped || this.failure) return;
    await new Promise<void>((resolve) => (this.wake = resolve));
  }

  private wakeUp(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}

function sequenceOf(block: Block): number {
  return block.blockAddress.sequenceNo;
}
