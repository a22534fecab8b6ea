// What a journal stream reads: the committed blocks of one ledger in sequence order, its tip, and
// notice of new commits and of the ledger closing. The ledger provides it; the streams layer needs
// nothing else of it.
import type { Block } from '../journal';

/** Told of each commit and, once, of the ledger closing. */
export interface JournalWatcher {
  /**
   * A commit moved the tip to `tipSequenceNo`; `blocks` are the committed blocks themselves when
   * this process committed them (in order, contiguous, ending at the tip).
   */
  committed(tipSequenceNo: number, blocks?: readonly Block[]): void;
  /** The ledger closed: nothing more will be read. */
  closed(reason: Error): void;
  /** The sequenceNo of the next block it will read, once known (what its lag is measured from). */
  readonly nextSequenceNo?: number;
}

export interface JournalSource {
  /** The ledger's name, for messages. */
  readonly name: string;
  /** Committed blocks from first up to last (clamped to the tip; fewer where they hold many revisions, never none while first is committed), in order; without revisions when `revisions` is false. */
  readBlocks(first: number, last: number, options: { revisions: boolean }): Promise<Block[]>;
  /** The sequenceNo of the last committed block. */
  tip(): Promise<number>;
  /** Tells `watcher` of commits by this process at once and of other processes' soon after; returns the function that stops it. */
  watch(watcher: JournalWatcher): () => void;
  /** Awaited once by each reader before it watches or reads anything: rejects when the reader may not read the journal. */
  ready?(): Promise<void>;
}
