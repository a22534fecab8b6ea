// What projections offer the Nest module inside this library and not the package's users: the
// decorators' metadata keys and building a projection or a process manager from the handlers Nest's
// discovery found.
export { buildProjection, type ProjectionMethod } from './projection-definition';
export { PROJECTION_HANDLER_METADATA, PROJECTION_METADATA, type ProjectionHandlerEvents, type ProjectionMetadata } from './projection.decorator';
export { buildProcessManager } from './process-manager-definition';
export { PROCESS_MANAGER_METADATA, type ProcessManagerMetadata } from './process-manager.decorator';
