// What repositories and the command bus need from where aggregates live: the ledger (EventStore)
// or memory (the testing helper's MemoryEventStore).
import type { Block } from '../journal';
import type { IonStructObject } from '../ion';
import { InvalidArgumentError, type RetryPolicy } from '../engine';
import type { EventCatalog } from './event-catalog';
import type { RecordedEvent } from './recorded-event';

/** An aggregate's latest committed revision. */
export interface StoredAggregate {
  version: number;
  state: IonStructObject;
}

/** Reads committed aggregates: through the command's ledger transaction, or from memory in tests. */
export interface AggregateReader {
  /** The aggregate's latest revision in `table`, or undefined when there is none. */
  latest(table: string, id: string): Promise<StoredAggregate | undefined>;
  /** Its events raised at versions fromVersion..toVersion, upcast, in order. */
  events(table: string, id: string, fromVersion: number, toVersion: number): Promise<RecordedEvent[]>;
}

/** Metadata recorded with a command in its block's transactionInfo. */
export interface CommandOptions {
  correlationId?: string;
  causationId?: string;
  /** Who issued the command (a user, a service). */
  actor?: string;
  /**
   * Commits the command at most once per key (1 to 256 characters): the key is recorded in the
   * command's own block, and a command whose key is already recorded runs no handler and writes
   * nothing (its outcome is `duplicate`). For example a process manager's `${name}:${sequenceNo}:${index}`.
   */
  idempotencyKey?: string;
  /** Retries on OCC conflicts for this command (default: the ledger's). */
  retry?: Partial<RetryPolicy>;
}

/** A command as the journal records it: its name (the statement) and its payload (digested). */
export interface CommandRecord {
  name: string;
  payload: IonStructObject;
  options: CommandOptions;
}

/**
 * What a command returned, the block it committed (none when it raised no event) and its events.
 * A command run from inside another's handler is `joined`: it has no block or events of its own.
 */
export interface CommandOutcome<R = unknown> {
  value: R;
  block?: Block;
  events: RecordedEvent[];
  joined?: true;
  /** The command's idempotency key was already recorded: nothing ran and nothing was written. */
  duplicate?: true;
}

/** A committed command, as listeners (e.g. the @nestjs/cqrs bridge) receive it after commit. */
export interface CommittedCommand {
  events: RecordedEvent[];
  /** The events as the domain applied them (class instances or plain objects), in the same order. */
  domainEvents: object[];
}

export interface AggregateStore {
  /** The ledger's name (in errors). */
  readonly name: string;
  /** Its event definitions, checked as repositories are made. */
  readonly catalog: EventCatalog;
  /** Runs `work` with a reader of committed state, outside any command. */
  read<T>(work: (reader: AggregateReader) => Promise<T>): Promise<T>;
  /** Runs a command handler in one unit of work and commits what it raised as one unit. */
  runCommand<R>(command: CommandRecord, work: () => Promise<R>): Promise<CommandOutcome<R>>;
}

/** The table that records the idempotency keys of committed commands, one document each. */
export const COMMAND_KEYS_TABLE = 'ledger_command_keys';

/** The command's metadata fields for its block's transactionInfo; undefined when it has none. */
export function commandMetadata(options: CommandOptions): IonStructObject | undefined {
  if (options.correlationId === undefined && options.causationId === undefined && options.actor === undefined && options.idempotencyKey === undefined) return undefined;
  const fields: IonStructObject = {};
  for (const name of ['correlationId', 'causationId', 'actor', 'idempotencyKey'] as const) {
    const value = options[name];
    if (value === undefined) continue;
    if (typeof value !== 'string') throw new InvalidArgumentError(`command option ${name} must be a string`, value);
    fields[name] = value;
  }
  return Object.keys(fields).length ? fields : undefined;
}
