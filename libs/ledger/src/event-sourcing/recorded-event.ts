// Events as the journal stores them (one Ion struct each, in their block's events entry, hashed
// into the block) and as readers get them back: with their position in the global order (block
// sequenceNo, index in the block), their stream and the metadata of the command that raised them.
// An event whose payload was redacted is read with its envelope, an empty payload and `redacted`.
import { isPlainObject, type IonStructObject } from '../ion';
import { isRedactedEvent, type Block } from '../journal';
import type { UpcasterRegistry } from './upcaster-registry';

/** The Ion struct of one event in a block. */
export interface StoredEvent extends IonStructObject {
  type: string;
  schemaVersion: number;
  /** The aggregate's name (its table). */
  aggregate: string;
  /** The aggregate's id. */
  streamId: string;
  /** The aggregate's version (its document's version) after the command that raised the event. */
  streamVersion: number;
  occurredAt: Date;
  payload: IonStructObject;
}

/** Where an event sits in the ledger's global order. */
export interface EventPosition {
  sequenceNo: number;
  index: number;
}

export interface RecordedEvent<P extends IonStructObject = IonStructObject> {
  type: string;
  schemaVersion: number;
  aggregate: string;
  streamId: string;
  streamVersion: number;
  occurredAt: Date;
  /** The payload, brought up to its type's current schema by the upcasters. */
  payload: P;
  position: EventPosition;
  transactionId: string;
  /** The command that raised it (its block's first statement). */
  command: string;
  /** The command's metadata: correlationId, causationId, actor, when given. */
  metadata: IonStructObject;
  /** True when the event's payload was redacted (docs/governance.md): `payload` is then empty, and no upcaster ran. */
  redacted?: true;
}

/** The event-sourced events of a block, in order, upcast; events of other shapes are left out. */
export function recordedEvents(block: Block, upcasters: UpcasterRegistry): RecordedEvent[] {
  const context = commandContext(block);
  const events: RecordedEvent[] = [];
  const sequenceNo = block.blockAddress.sequenceNo;
  (block.events ?? []).forEach((stored, index) => {
    if (!isStoredEvent(stored)) return;
    if (isRedactedEvent(stored)) {
      events.push(redactedRecord(stored, { sequenceNo, index }, context));
      return;
    }
    events.push(recordOf(upcasters.upcast(stored), { sequenceNo, index }, context));
  });
  return events;
}

/** A redacted event as readers get it: its envelope, an empty payload, marked redacted. */
function redactedRecord(stored: StoredEvent, position: EventPosition, context: Pick<RecordedEvent, 'transactionId' | 'command' | 'metadata'>): RecordedEvent {
  const { type, schemaVersion, aggregate, streamId, streamVersion, occurredAt } = stored;
  return { type, schemaVersion, aggregate, streamId, streamVersion, occurredAt, payload: {}, position, ...context, redacted: true };
}

/** The events a command just committed in `block` (its whole events entry, already current). */
export function committedEvents(block: Block, events: readonly StoredEvent[]): RecordedEvent[] {
  const context = commandContext(block);
  const sequenceNo = block.blockAddress.sequenceNo;
  return events.map((event, index) => recordOf(event, { sequenceNo, index }, context));
}

/**
 * One event as readers get it, as one object literal of fixed shape: spreading the stored struct
 * costs several times more, on every command and on every replayed event.
 */
function recordOf(event: StoredEvent, position: EventPosition, context: Pick<RecordedEvent, 'transactionId' | 'command' | 'metadata'>): RecordedEvent {
  return {
    type: event.type,
    schemaVersion: event.schemaVersion,
    aggregate: event.aggregate,
    streamId: event.streamId,
    streamVersion: event.streamVersion,
    occurredAt: event.occurredAt,
    payload: event.payload,
    position,
    transactionId: context.transactionId,
    command: context.command,
    metadata: context.metadata,
  };
}

function commandContext(block: Block): Pick<RecordedEvent, 'transactionId' | 'command' | 'metadata'> {
  const { statements, documents, ...metadata } = block.transactionInfo;
  return { transactionId: block.transactionId, command: statements[0]?.statement ?? '', metadata: metadata as IonStructObject };
}

function isStoredEvent(event: IonStructObject): event is StoredEvent {
  return (
    typeof event.type === 'string' &&
    Number.isSafeInteger(event.schemaVersion) &&
    typeof event.aggregate === 'string' &&
    typeof event.streamId === 'string' &&
    Number.isSafeInteger(event.streamVersion) &&
    event.occurredAt instanceof Date &&
    (isPlainObject(event.payload) || isRedactedEvent(event))
  );
}
