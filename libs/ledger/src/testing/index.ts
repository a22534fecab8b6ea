// `nestjs-ledger/testing`: helpers for an application's tests. Given/when/then for command handlers
// on an in-memory event store (no database), and a ledger on a throw-away SQLite file.
export { CommandSpecification, Scenario, Outcome } from '../event-sourcing/testing/command-specification';
export { MemoryEventStore } from '../event-sourcing/testing/memory-event-store';
export { openTemporaryLedger, type TemporaryLedger } from './temporary-ledger';
