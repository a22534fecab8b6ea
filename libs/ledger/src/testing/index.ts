// `nestjs-ledger/testing`: helpers for an application's tests. Given/when/then for command handlers
// on an in-memory event store (no database), and a ledger on a throw-away SQLite file.
export { CommandSpecification, Scenario, Outcome, MemoryEventStore } from '../event-sourcing';
export { openTemporaryLedger, type TemporaryLedger } from './temporary-ledger';
