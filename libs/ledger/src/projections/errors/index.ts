// The typed errors of projections.
export * from './projection-not-found.error';
export * from './duplicate-projection.error';
export * from './invalid-projection.error';
export * from './projection-failed.error';
