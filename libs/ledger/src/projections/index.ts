// Projections: @Projection classes that follow the journal's events with durable checkpoints in the
// ledger's database, one lease holder per projection, and @ProcessManager classes that react to them
// with commands; above event sourcing, whose events they read.
export * from './errors';
export { Projection, On, OnAny, type ProjectionOptions, type ProjectionRetry, type ProjectionDelivery } from './projection.decorator';
export type { ProjectionContext, TransactionalProjectionContext, ProjectionSqlContext, ProjectionDefinition } from './projection-definition';
export { projectionDefinition } from './projection-definition';
export type { ProjectionState, ProjectionFailure, ProjectionLogger } from './projection-runner';
export { Projections, type ProjectionsOptions, type ProjectionStatus } from './projections';
export { ProcessManager } from './process-manager.decorator';
export type { ProcessManagerDefinition, ProcessManagerContext } from './process-manager-definition';
export { ProcessManagers, type ProcessManagersOptions } from './process-managers';
