// Aggregate ids and the journal document ids their revisions are stored under. An aggregate id is
// any string of 1..MAX_AGGREGATE_ID_LENGTH characters, unique per aggregate type. A journal id (22
// base62 characters, what repository.create() makes) is its own document id. Any other id (a UUID,
// a tracking number) is mapped to a document id derived from the aggregate's name and the id: the
// first 128 bits of SHA-256("aggregate-id" 0x00 name 0x00 id), UTF-8, written as 22 base62 digits,
// and the revision's document also holds it as its `id` field, so PartiQL finds it by value.
import { sha256 } from '../crypto';
import { InvalidArgumentError } from '../engine';
import { isJournalId } from '../journal';

/** The longest aggregate id, in UTF-16 code units (JavaScript string length). */
export const MAX_AGGREGATE_ID_LENGTH = 256;

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const JOURNAL_ID_LENGTH = 22;
const encoder = new TextEncoder();

/** InvalidArgumentError unless `id` can be an id of `aggregate`. */
export function checkAggregateId(aggregate: string, id: unknown): asserts id is string {
  if (typeof id !== 'string' || id.length === 0 || id.length > MAX_AGGREGATE_ID_LENGTH) {
    throw new InvalidArgumentError(`${aggregate} id ${JSON.stringify(id)} is not a string of 1 to ${MAX_AGGREGATE_ID_LENGTH} characters`, id);
  }
}

/** True when the aggregate id is stored under a derived document id (it is not a journal id itself). */
export function isMappedAggregateId(id: string): boolean {
  return !isJournalId(id);
}

/** The journal document id the revisions of aggregate `aggregate` (its table name) with id `id` are stored under. */
export function aggregateDocumentId(aggregate: string, id: string): string {
  if (!isMappedAggregateId(id)) return id;
  const digest = sha256(encoder.encode(`aggregate-id\u0000${aggregate}\u0000${id}`));
  let value = 0n;
  for (let i = 0; i < 16; i++) value = (value << 8n) | BigInt(digest[i]);
  let text = '';
  for (let i = 0; i < JOURNAL_ID_LENGTH; i++, value /= 62n) text = BASE62[Number(value % 62n)] + text;
  return text;
}
