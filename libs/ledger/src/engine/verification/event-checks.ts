// verify()'s check of redacted events: an event whose payload the journal holds only as the
// payload's digest must be named by an event redaction block (its redactionInfo's blockAddress and
// eventIndex); one that no block records was redacted in the database behind the ledger's back
// (the hashes still verify, as they do for a recorded redaction), which is REDACTION_UNRECORDED.
import type { BlockSummary } from '../bulk/block-summary';
import type { Verification } from './verification-state';

/** Notes the block's redacted events (its summary, bulk/block-summary.ts), and the event an event redaction block names. */
export function recordEventRedactions(v: Verification, block: BlockSummary): void {
  const sequenceNo = block.blockAddress.sequenceNo;
  for (const eventIndex of block.redactedEvents) v.redactedEvents.push({ sequenceNo, eventIndex });
  const info = block.redaction;
  if (info?.eventIndex !== undefined && info.sequenceNo !== undefined) v.eventRedactions.add(eventKey(info.sequenceNo, info.eventIndex));
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
