// Turns the pages of blocks a JournalFollower returns into pages of what a stream carries (records,
// events…), skipping blocks that carry none, and the observable and iterator forms of it. Both pull:
// the next page is read only when the previous one was delivered, so a stream holds at most one
// page of records plus the blocks this process committed that wait (at most the high-water mark).
import type { Observable } from 'rxjs';
import type { Block } from '../journal';
import type { JournalFollower } from './journal-follower';
import { rxjs } from './rxjs';

export class StreamReader<R> {
  constructor(
    private readonly follower: JournalFollower,
    private readonly toItems: (blocks: readonly Block[]) => R[],
  ) {}

  /** Blocks held that this process committed and the reader has not taken. */
  get bufferedBlocks(): number {
    return this.follower.bufferedBlocks;
  }

  /** The items of the next blocks that carry any, in order; undefined once stopped. */
  async nextPage(): Promise<R[] | undefined> {
    for (;;) {
      const blocks = await this.follower.nextPage();
      if (blocks.length === 0) return undefined;
      const items = this.toItems(blocks);
      if (items.length) return items;
    }
  }

  stop(): void {
    this.follower.stop();
  }
}

/**
 * A cold Observable of a reader's items: each subscription opens its own reader, emits a page
 * synchronously, and reads the next page only after the subscriber's `next` returned for the
 * whole page. Unsubscribing stops the reader; its errors become the Observable's error.
 */
export function readerObservable<R>(open: () => StreamReader<R>): Observable<R> {
  return new (rxjs().Observable)<R>((subscriber) => {
    const reader = open();
    void (async () => {
      try {
        for (let page = await reader.nextPage(); page; page = await reader.nextPage()) {
          for (const item of page) {
            if (subscriber.closed) return;
            subscriber.next(item);
          }
        }
        subscriber.complete();
      } catch (error) {
        subscriber.error(error);
      }
    })();
    return () => reader.stop();
  });
}
