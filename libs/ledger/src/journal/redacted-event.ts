// An event whose payload was redacted (ours, ledger-format.md §4): every field stays as it was but
// the payload, whose value becomes the annotated blob `ledger_redacted::{{…32 bytes…}}`, the payload
// field's own digest H(s("payload") || s(payload)). An Ion hash sorts its fields' digests, so H(event)
// is recomputed from the fields kept and that digest: the event's leaf, its block's hashes and every
// proof stay as they were, and every envelope field stays bound. The annotation is reserved: no event
// is written with it on a field (appendEvents refuses it), and on any field but the payload it is
// malformed, so a digest cannot stand for an envelope field.
import { InvalidArgumentError } from '../errors';
import { IonAnnotated, ionFieldDigest, ionHashWithFieldDigests, type IonValue } from '../ion';
import type { JournalEvent } from './block.types';
import { isHash } from './bytes';

/** The annotation of a redacted payload's digest, reserved on an event's fields. */
export const REDACTED_ANNOTATION = 'ledger_redacted';

/** The only field of an event that redaction removes: the user data (every other field is the envelope). */
export const REDACTABLE_EVENT_FIELD = 'payload';

/** True when `value` is a field value marked with the reserved annotation (well formed or not). */
export function isRedactionMarker(value: IonValue | undefined): value is IonAnnotated {
  return value instanceof IonAnnotated && value.annotations.includes(REDACTED_ANNOTATION);
}

/** True when the event's payload was redacted (its form is checked by redactedEventProblem). */
export function isRedactedEvent(event: JournalEvent): boolean {
  return isRedactionMarker(event[REDACTABLE_EVENT_FIELD]);
}

/** The digest of a redacted event's payload field, H(s("payload") || s(payload)). */
export function redactedPayloadDigest(event: JournalEvent): Uint8Array {
  return (event[REDACTABLE_EVENT_FIELD] as IonAnnotated).value as Uint8Array;
}

/** The event with its payload replaced by the payload field's digest. The event must hold a payload. */
export function redactedEvent(event: JournalEvent): JournalEvent {
  const digest = ionFieldDigest(REDACTABLE_EVENT_FIELD, event[REDACTABLE_EVENT_FIELD]!);
  return { ...event, [REDACTABLE_EVENT_FIELD]: new IonAnnotated([REDACTED_ANNOTATION], digest) };
}

/**
 * Why an event carrying the reserved annotation is malformed, or undefined: it may stand only on the
 * payload field, alone, on a 32-byte blob.
 */
export function redactedEventProblem(event: JournalEvent): string | undefined {
  for (const name in event) {
    const value = event[name];
    if (!isRedactionMarker(value)) continue;
    if (name !== REDACTABLE_EVENT_FIELD) return `the field ${JSON.stringify(name)} holds a ${REDACTED_ANNOTATION} digest: only the ${REDACTABLE_EVENT_FIELD} is redacted`;
    if (value.annotations.length !== 1 || !isHash(value.value)) return `a redacted ${REDACTABLE_EVENT_FIELD} is ${REDACTED_ANNOTATION}:: on a 32-byte blob`;
  }
  return undefined;
}

/** True when some field of the event carries the reserved annotation. */
export function carriesRedactionMarker(event: JournalEvent): boolean {
  for (const name in event) if (isRedactionMarker(event[name])) return true;
  return false;
}

/** H(event) of a redacted event: its kept fields hashed with its payload's digest. InvalidArgumentError for a malformed one. */
export function redactedEventHash(event: JournalEvent): Uint8Array {
  const problem = redactedEventProblem(event);
  if (problem) throw new InvalidArgumentError(problem, event);
  const { [REDACTABLE_EVENT_FIELD]: _digest, ...kept } = event;
  return ionHashWithFieldDigests(kept, [redactedPayloadDigest(event)]);
}
