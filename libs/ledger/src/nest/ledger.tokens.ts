// Injection tokens. The default ledger is injected by class (Ledger, EventStore); every ledger is
// also injected by its name, like TypeORM's named data sources.
import type { AggregateClass } from '../event-sourcing';
import { aggregateDefinition, EventStore } from '../event-sourcing';
import { Ledger } from '../engine';
import { ProcessManagers, Projections } from '../projections';

/** The token of a ledger: the Ledger class for the default one, else one derived from its name. */
export function getLedgerToken(name?: string): string | typeof Ledger {
  return name === undefined ? Ledger : `nestjs-ledger:ledger:${name}`;
}

/** The token of a ledger's event store. */
export function getEventStoreToken(name?: string): string | typeof EventStore {
  return name === undefined ? EventStore : `nestjs-ledger:event-store:${name}`;
}

/** The token of a ledger's projections (their status, rebuild, start and stop). */
export function getProjectionsToken(name?: string): string | typeof Projections {
  return name === undefined ? Projections : `nestjs-ledger:projections:${name}`;
}

/** The token of a ledger's process managers (their start, stop, catch-up and checkpoints). */
export function getProcessManagersToken(name?: string): string | typeof ProcessManagers {
  return name === undefined ? ProcessManagers : `nestjs-ledger:process-managers:${name}`;
}

/** The token of an aggregate's repository on a ledger (default: the default ledger). */
export function getAggregateRepositoryToken(aggregate: AggregateClass, ledger?: string): string {
  return `nestjs-ledger:repository:${ledger ?? ''}:${aggregateDefinition(aggregate).name}`;
}

/** Module-local tokens of one LedgerModule registration. */
export const LEDGER_MODULE_OPTIONS = Symbol('nestjs-ledger:module-options');
export const LEDGER_CONNECTION = Symbol('nestjs-ledger:connection');
