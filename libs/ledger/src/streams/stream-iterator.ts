// The pull form of a stream, for consumers that do asynchronous work per item (a projection
// runner): `for await (const item of iterator)`, or nextBatch() for what is at hand at once. It
// reads the next page only once every item of the previous one was taken, so a slow consumer holds
// at most one page; breaking out (or return()) stops reading.
import type { StreamReader } from './stream-reader';

export class StreamIterator<R> implements AsyncIterableIterator<R> {
  private page: R[] = [];
  private at = 0;
  private done = false;

  constructor(private readonly reader: StreamReader<R>) {}

  /** What the iterator holds that was not taken yet: items of the current page, and blocks committed here waiting for the reader. */
  get buffered(): { items: number; blocks: number } {
    return { items: this.page.length - this.at, blocks: this.reader.bufferedBlocks };
  }

  async next(): Promise<IteratorResult<R, undefined>> {
    if (!(await this.hasItem())) return this.finish();
    return { value: this.page[this.at++], done: false };
  }

  /**
   * Up to `max` items at once: waits for the first like next(), then takes those already read with
   * it (no promise per item); an empty array once the stream ended or was stopped.
   */
  async nextBatch(max: number): Promise<R[]> {
    if (!(await this.hasItem())) return (this.finish(), []);
    const batch = this.page.slice(this.at, this.at + Math.max(1, max));
    this.at += batch.length;
    return batch;
  }

  async return(): Promise<IteratorResult<R, undefined>> {
    return this.finish();
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /** Whether an item is at hand, reading the next page when the current one is used up; false once done. */
  private async hasItem(): Promise<boolean> {
    while (this.at >= this.page.length) {
      this.page = [];
      this.at = 0;
      const page = this.done ? undefined : await this.nextPage();
      if (page === undefined) return false;
      this.page = page;
    }
    return true;
  }

  /** The next page; a failure stops the reader (for await does not call return() when next() throws). */
  private async nextPage(): Promise<R[] | undefined> {
    try {
      return await this.reader.nextPage();
    } catch (error) {
      this.finish();
      throw error;
    }
  }

  private finish(): IteratorResult<R, undefined> {
    this.done = true;
    this.page = [];
    this.reader.stop();
    return { value: undefined, done: true };
  }
}
