// The testing helper: given/when/then for command handlers on an in-memory store.
export * from './command-specification';
export * from './memory-event-store';
