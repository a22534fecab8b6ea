// The event-sourcing layer's typed errors.
export * from './concurrency.error';
export * from './aggregate-not-found.error';
export * from './command-handler-not-found.error';
export * from './invalid-command.error';
export * from './invalid-definition.error';
export * from './event-redacted.error';
