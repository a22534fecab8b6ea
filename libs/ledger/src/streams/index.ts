// Streams: the committed journal as RxJS Observables and async iterators of QLDB-shaped stream
// records, catching up from storage a page at a time and then following live commits.
export * from './stream-record';
export type { StreamOptions, StreamFrom, PagingOptions } from './stream-options';
export { JournalFollower, type FollowOptions } from './journal-follower';
export type { JournalSource, JournalWatcher } from './journal-source';
export { StreamReader, readerObservable } from './stream-reader';
export { StreamIterator } from './stream-iterator';
