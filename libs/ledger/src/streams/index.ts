// Streams: the committed journal as RxJS Observables and async iterators of QLDB-shaped stream
// records, catching up from storage a page at a time and then following live commits; and
// projections: @Projection classes run with durable checkpoints in the ledger's database.
export * from './stream-record';
export type { StreamOptions, StreamFrom, PagingOptions } from './stream-options';
export { JournalFollower, type FollowOptions } from './journal-follower';
export type { JournalSource, JournalWatcher } from './journal-source';
export { StreamReader, readerObservable } from './stream-reader';
export { StreamIterator } from './stream-iterator';
export * from './errors';
export { Projection, On, OnAny, type ProjectionOptions, type ProjectionRetry, type ProjectionDelivery } from './projection.decorator';
export type { ProjectionContext, TransactionalProjectionContext, ProjectionSqlContext, ProjectionDefinition } from './projection-definition';
export { projectionDefinition } from './projection-definition';
export type { ProjectionState, ProjectionFailure, ProjectionLogger } from './projection-runner';
export { Projections, type ProjectionsOptions, type ProjectionStatus } from './projections';
