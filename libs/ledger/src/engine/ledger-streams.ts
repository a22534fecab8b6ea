// A ledger's journal streams: the journal source the streams layer reads (blocks a page at a time,
// the tip, commit notifications from the ledger's commit hub), and the streams opened on it. Reads
// for streams are kept until they settle, so that closing the ledger waits for them. Each stream
// is checked (access control's `stream`) as whoever asked for it, before its first read.
import type { Observable } from 'rxjs';
import { LedgerError } from '../errors';
import type { Block } from '../journal';
import { StorageError } from '../storage';
import { JournalFollower, readerObservable, StreamIterator, type FollowOptions, type JournalSource, type StreamOptions, type StreamRecord } from '../streams';
import { recordReaderOpener, type CommitHub } from '../streams/internal';

export interface StreamedJournal {
  readPage(first: number, last: number, options: { revisions?: boolean }): Promise<Block[]>;
  tip(): Promise<number>;
}

/** The check of a stream asked for now, bound to whoever asked (undefined: nothing to check); run before its first read. */
export type StreamCheck = () => (() => Promise<void>) | undefined;

export class LedgerStreams {
  private readonly reads = new Set<Promise<unknown>>();
  private readonly source: JournalSource;

  constructor(
    private readonly name: string,
    private readonly hub: CommitHub,
    journal: StreamedJournal,
    private readonly check: StreamCheck,
  ) {
    this.source = {
      name,
      readBlocks: (first, last, { revisions }) => this.streamRead(`blocks ${first}..${last}`, () => journal.readPage(first, last, { revisions })),
      tip: () => this.streamRead('the tip', () => journal.tip()),
      watch: (watcher) => hub.watch(watcher),
    };
  }

  /** The journal as stream records, caught up from `options.from` and then live (Ledger.stream). */
  observe(options: StreamOptions | undefined): Observable<StreamRecord> {
    return readerObservable(recordReaderOpener(this.checkedSource(), options, 'stream'));
  }

  /** The same records as an async iterator (Ledger.streamIterator). */
  iterate(options: StreamOptions | undefined): StreamIterator<StreamRecord> {
    return new StreamIterator(recordReaderOpener(this.checkedSource(), options, 'streamIterator')());
  }

  /** The reader under every stream: whole blocks from a sequenceNo, a page at a time, caught up then live. */
  follow(options: FollowOptions): JournalFollower {
    return new JournalFollower(this.checkedSource(), options);
  }

  /** The source, its readers checked as the caller asking for them now. */
  private checkedSource(): JournalSource {
    const check = this.check();
    return check === undefined ? this.source : { ...this.source, ready: check };
  }

  /** How many streams (subscriptions, iterators, followers) are reading or waiting for commits. */
  get size(): number {
    return this.hub.size;
  }

  /** Ends open streams with `error`. */
  close(error: Error): void {
    this.hub.close(error);
  }

  /** Waits for the stream reads in flight. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.reads]);
  }

  /** A read for a stream, awaited by settled(); a failure of the database becomes a StorageError (the ledger's own errors pass as they are). */
  private streamRead<T>(what: string, work: () => Promise<T>): Promise<T> {
    const read = (async () => {
      try {
        return await work();
      } catch (error) {
        if (error instanceof LedgerError) throw error;
        throw new StorageError(`cannot read ${what} of ledger ${JSON.stringify(this.name)}: ${(error as Error).message}`, undefined, error);
      }
    })();
    this.reads.add(read);
    const forget = () => this.reads.delete(read);
    read.then(forget, forget);
    return read;
  }
}
