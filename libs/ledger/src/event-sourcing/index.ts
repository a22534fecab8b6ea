// Event sourcing on the ledger: aggregates, their events and repositories, command execution
// (one command = one block), reading events in journal order, upcasting, and a testing helper.
export * from './errors';
export { Aggregate } from './aggregate.decorator';
export { Event, type EventOptions } from './event.decorator';
export { Command } from './command.decorator';
export { ValueObject, type ValueObjectCodec } from './value-object';
export { EventHandler } from './event-handler.decorator';
export { AggregateRoot, aggregateDefinition, type AggregateClass, type AggregateDefinition, type AggregateOptions, type LoadStrategy } from './aggregate-root';
export type { EventClass } from './event-type';
export { AggregateRepository } from './aggregate-repository';
export { aggregateDocumentId, MAX_AGGREGATE_ID_LENGTH } from './aggregate-id';
export { COMMAND_KEYS_TABLE, type AggregateStore, type CommandOptions, type CommandOutcome, type CommandRecord, type CommittedCommand } from './aggregate-store';
export type { LoadOptions, AggregateReader, StoredAggregate } from './unit-of-work';
export { CommandBus, type CommandClass, type ICommandHandler } from './command-bus';
export { EventStore, type EventStoreOptions, type ReadEventsOptions, type EventStreamOptions } from './event-store';
export { ofType, type RecordedEventOf } from './of-type.operator';
export { ProcessManagerRunner, PROCESS_CHECKPOINTS_TABLE, type ProcessReaction, type ProcessCommands, type ProcessManagerOptions, type CatchUpResult } from './process-manager';
export type { RecordedEvent, StoredEvent, EventPosition } from './recorded-event';
export { UpcasterRegistry, type EventUpcaster } from './upcaster-registry';
export * from './testing';
