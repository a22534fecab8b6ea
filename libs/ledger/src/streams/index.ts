// Journal streams: the committed journal as RxJS Observables and async iterators of QLDB-shaped
// stream records, catching up a page at a time from a journal source (the ledger) and then following
// live commits. Below the engine: they know blocks, not storage or transactions.
export * from './stream-record';
export * from './qldb-stream-records';
export type { StreamOptions, StreamFrom, PagingOptions } from './stream-options';
export { JournalFollower, type FollowOptions } from './journal-follower';
export type { JournalSource, JournalWatcher } from './journal-source';
export { StreamReader, readerObservable } from './stream-reader';
export { StreamIterator } from './stream-iterator';
