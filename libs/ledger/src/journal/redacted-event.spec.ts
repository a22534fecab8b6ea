// A block whose event payload was redacted: its hashes and proofs are unchanged, and each forged
// redacted form (digest changed, envelope field changed, digest moved to another field) is refused.
import { foldProof } from '../crypto';
import { InvalidArgumentError } from '../errors';
import { IonAnnotated, ionFieldDigest } from '../ion';
import type { Block, JournalEvent } from './block.types';
import { buildBlock } from './block-builder';
import { verifyBlock } from './block-verifier';
import { eventHash } from './entry-hashes';
import { eventProof } from './entry-proofs';
import { isRedactedEvent, REDACTED_ANNOTATION, redactedEvent, redactedEventProblem } from './redacted-event';

const EVENTS: JournalEvent[] = [
  { type: 'Opened', streamId: 'a1', streamVersion: 0, payload: { owner: 'Ana', ssn: '078-05-1120' } },
  { type: 'Deposited', streamId: 'a1', streamVersion: 1, payload: { amount: 5 } },
];

function blockWithEvents(): Block {
  return buildBlock({ strandId: 'Strand0000000000000001', previous: null, transactionId: 'Tx00000000000000000001', timestamp: new Date(Date.UTC(2026, 11, 6)), statements: [], events: EVENTS });
}

function withEvent(block: Block, index: number, event: JournalEvent): Block {
  return { ...block, events: block.events!.map((e, i) => (i === index ? event : e)) };
}

describe('a redacted event', () => {
  const block = blockWithEvents();
  const redacted = redactedEvent(EVENTS[0]);

  it('keeps every envelope field and replaces the payload by its field digest under the reserved annotation', () => {
    expect(redacted).toEqual({ type: 'Opened', streamId: 'a1', streamVersion: 0, payload: new IonAnnotated([REDACTED_ANNOTATION], ionFieldDigest('payload', EVENTS[0].payload!)) });
    expect(isRedactedEvent(redacted)).toBe(true);
    expect(isRedactedEvent(EVENTS[0])).toBe(false);
  });

  it('hashes to the event it was, so the block verifies and its proof and its neighbour\'s fold to the digest', () => {
    expect(eventHash(redacted)).toEqual(eventHash(EVENTS[0]));
    const after = withEvent(block, 0, redacted);
    expect(verifyBlock(after)).toEqual({ valid: true, problems: [] });
    for (const index of [0, 1]) expect(foldProof(eventHash(after.events![index]), eventProof(after, index, []))).toEqual(block.blockHash);
  });

  it.each([
    ['its digest changed', { ...redacted, payload: new IonAnnotated([REDACTED_ANNOTATION], ionFieldDigest('payload', { owner: 'Ben' })) }, 'EVENTS_ROOT_MISMATCH'],
    ['an envelope field changed', { ...redacted, streamId: 'a2' }, 'EVENTS_ROOT_MISMATCH'],
    ['an envelope field removed', { type: 'Opened', streamVersion: 0, payload: redacted.payload }, 'EVENTS_ROOT_MISMATCH'],
    ['its digest moved to another field', { type: 'Opened', streamId: redacted.payload, streamVersion: 0, payload: EVENTS[0].payload }, 'MALFORMED_BLOCK'],
    ['its digest not 32 bytes', { ...redacted, payload: new IonAnnotated([REDACTED_ANNOTATION], new Uint8Array(31)) }, 'MALFORMED_BLOCK'],
  ])('is refused with %s', (_what, forged, code) => {
    const result = verifyBlock(withEvent(block, 0, forged as JournalEvent));
    expect(result.problems.map((p) => p.code)).toContain(code);
  });

  it('names the field that holds a misplaced digest, and eventHash refuses a malformed redacted payload with a typed error', () => {
    const moved = { type: redacted.payload, payload: { x: 1 } } as JournalEvent;
    expect(redactedEventProblem(moved)).toMatch(/the field "type" holds a ledger_redacted digest/);
    const twoAnnotations = { ...redacted, payload: new IonAnnotated([REDACTED_ANNOTATION, 'x'], (redacted.payload as IonAnnotated).value) };
    expect(redactedEventProblem(twoAnnotations)).toMatch(/a redacted payload is ledger_redacted:: on a 32-byte blob/);
    expect(() => eventHash(twoAnnotations)).toThrow(InvalidArgumentError);
  });
});
