// What LedgerModule.forRoot and forRootAsync take.
import type { InjectionToken, ModuleMetadata, Type } from '@nestjs/common';
import type { LedgerOptions } from '../engine';
import type { EventUpcaster } from '../event-sourcing';
import type { ProjectionsOptions } from '../projections';

export interface LedgerModuleOptions extends LedgerOptions {
  /** Upcasters applied to this ledger's events on read. */
  upcasters?: EventUpcaster[];
  /**
   * The token of an event bus with `publishAll(events)`, e.g. @nestjs/cqrs's `EventBus` (with
   * CqrsModule imported): each command's events are published on it after the command commits.
   */
  eventBus?: InjectionToken;
  /** How this ledger's @Projection providers run: lease length, lease, logger (default: Nest's Logger). */
  projections?: ProjectionsOptions;
}

/** Registration of one ledger: its name is its connection key; `default: false` for every ledger but one. */
export interface LedgerModuleRegistration extends LedgerModuleOptions {
  /** Whether `Ledger`, `EventStore` and unnamed injections refer to this ledger (default true). */
  default?: boolean;
}

export interface LedgerOptionsFactory {
  createLedgerOptions(): LedgerModuleOptions | Promise<LedgerModuleOptions>;
}

export interface LedgerModuleAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  /** The connection key, needed to inject this ledger by name; the options' name must then match it. */
  name?: string;
  /** Whether this is the default ledger (default true). */
  default?: boolean;
  useFactory?: (...args: any[]) => LedgerModuleOptions | Promise<LedgerModuleOptions>;
  inject?: InjectionToken[];
  useClass?: Type<LedgerOptionsFactory>;
  useExisting?: Type<LedgerOptionsFactory>;
}
