// Redaction of an event's payload, as REDACT_REVISION does for a revision's data: the event keeps
// every envelope field (type, stream, version, time…) and its payload is replaced by the payload
// field's digest (journal/redacted-event.ts), so the event's hash, its block and every proof stay
// as they were. The request is a block of its own whose redactionInfo names the event by its block
// address and index; the block row's header is rewritten in the same database transaction. Rules:
// the event exists, holds a payload, and is not redacted already; one redaction per transaction.
import { describeValue } from '../errors';
import { fromIon, toIon, type IonStructObject, type IonValue } from '../ion';
import { isRedactedEvent, REDACTABLE_EVENT_FIELD, redactedEvent, type Block, type BlockAddress, type JournalEvent } from '../journal';
import { selectBlocksAt, type SqlQuery } from '../storage';
import { InvalidArgumentError, RedactionRefusedError } from './errors';
import { checkBlockAddress } from './redaction';

/** The statement an event redaction records in its block, with its two parameters. */
export const REDACT_EVENT_STATEMENT = 'EXEC REDACT_EVENT ?, ?';

/** Which event to redact: its block, and its index in the block's events. Also what the request returns and its block's redactionInfo holds. */
export interface RedactedEventInfo {
  blockAddress: BlockAddress;
  eventIndex: number;
}

/** An event as its block's header holds it. */
export interface StoredEvent {
  target: RedactedEventInfo;
  header: Block;
  event: JournalEvent;
}

/** An event redaction found allowed: the event named, and its block's header with the event redacted. */
export interface EventRedactionRequest {
  info: RedactedEventInfo;
  event: JournalEvent;
  header: Uint8Array;
}

/** The arguments checked for type and form; InvalidArgumentError names the first bad one. */
export function checkEventRedactionTarget(blockAddress: unknown, eventIndex: unknown): RedactedEventInfo {
  const address = checkBlockAddress(blockAddress);
  const index = typeof eventIndex === 'bigint' && eventIndex <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(eventIndex) : eventIndex;
  if (!(typeof index === 'number' && Number.isSafeInteger(index) && index >= 0)) {
    throw new InvalidArgumentError(`the event index ${describeValue(eventIndex)} is not a non-negative integer`, eventIndex);
  }
  return { blockAddress: address, eventIndex: index };
}

/** The event `target` names, as its block's stored header holds it, or RedactionRefusedError: no such block or event. */
export async function storedEvent(query: SqlQuery, strandId: string, target: RedactedEventInfo): Promise<StoredEvent> {
  const { blockAddress, eventIndex } = target;
  if (blockAddress.strandId !== strandId) throw refused(`block address strand ${describeValue(blockAddress.strandId)} is not this ledger's strand`, blockAddress.strandId);
  const [row] = await selectBlocksAt(query, [blockAddress.sequenceNo]);
  if (!row) throw refused(`the journal has no block ${blockAddress.sequenceNo}`, blockAddress.sequenceNo);
  const header = fromIon(row.header) as unknown as Block;
  const events = header.events ?? [];
  const event = events[eventIndex];
  if (event === undefined) throw refused(`block ${blockAddress.sequenceNo} holds no event at index ${eventIndex} (it holds ${events.length})`, eventIndex);
  return { target, header, event };
}

/** The redaction of a stored event, or RedactionRefusedError: already redacted, or no payload. */
export function eventRedactionRequest({ target, header, event }: StoredEvent): EventRedactionRequest {
  const { blockAddress, eventIndex } = target;
  if (isRedactedEvent(event)) throw refused(`event ${eventIndex} of block ${blockAddress.sequenceNo} is already redacted`, eventIndex);
  if (!(REDACTABLE_EVENT_FIELD in event)) throw refused(`event ${eventIndex} of block ${blockAddress.sequenceNo} has no ${REDACTABLE_EVENT_FIELD} field to redact`, eventIndex);
  const redacted = { ...header, events: header.events!.map((e, i) => (i === eventIndex ? redactedEvent(e) : e)) };
  return { info: { blockAddress: { ...blockAddress }, eventIndex }, event, header: toIon(redacted as unknown as IonValue, 'binary') };
}

/** The redactionInfo of an event redaction block. */
export function eventRedactionInfoOf(info: RedactedEventInfo): IonStructObject {
  return { blockAddress: { ...info.blockAddress }, eventIndex: info.eventIndex };
}

/** REDACT_EVENT's parameters, as its statement records them. */
export function eventRedactionParameters(info: RedactedEventInfo): IonValue[] {
  return [{ ...info.blockAddress }, info.eventIndex];
}

/** The aggregate (table) an event-sourced event belongs to, on which `redact` is checked; undefined for another event. */
export function eventTable(event: JournalEvent): string | undefined {
  return typeof event.aggregate === 'string' ? event.aggregate : undefined;
}

function refused(reason: string, value: unknown): RedactionRefusedError {
  return new RedactionRefusedError(reason, value, 'the event');
}
