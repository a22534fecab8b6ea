// verify()'s check of redacted events: an event whose payload the journal holds only as the
// payload's digest must be named by an event redaction block (its redactionInfo's blockAddress and
// eventIndex); one that no block records was redacted in the database behind the ledger's back
// (the hashes still verify, as they do for a recorded redaction), which is REDACTION_UNRECORDED.
import { isPlainObject } from '../../ion';
import { isRedactedEvent, type Block } from '../../journal';
import type { Verification } from './verification-state';

/** Notes the block's redacted events, and the event an event redaction block names. */
export function recordEventRedactions(v: Verification, block: Block): void {
  const sequenceNo = block.blockAddress.sequenceNo;
  (block.events ?? []).forEach((event, eventIndex) => {
    if (isRedactedEvent(event)) v.redactedEvents.push({ sequenceNo, eventIndex });
  });
  const info = block.redactionInfo;
  if (!isPlainObject(info) || typeof info.eventIndex !== 'number' || !isPlainObject(info.blockAddress)) return;
  if (typeof info.blockAddress.sequenceNo === 'number') v.eventRedactions.add(eventKey(info.blockAddress.sequenceNo, info.eventIndex));
}

/** A redacted event that no event redaction block names is tampering. */
export function checkEventRedactions(v: Verification): void {
  for (const { sequenceNo, eventIndex } of v.redactedEvents) {
    if (v.done) return;
    if (!v.eventRedactions.has(eventKey(sequenceNo, eventIndex))) {
      v.report('REDACTION_UNRECORDED', `event ${eventIndex} of block ${sequenceNo} holds only its payload's digest, and no redaction block records it`, sequenceNo);
    }
  }
}

function eventKey(sequenceNo: number, eventIndex: number): string {
  return `${sequenceNo}:${eventIndex}`;
}
