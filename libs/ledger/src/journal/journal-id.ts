// Journal identifiers (strand, transaction, document, table ids): random 128-bit values written as
// 22 base62 characters, as QLDB writes them.
import { randomBytes } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const ID_LENGTH = 22;
const ID_PATTERN = /^[0-9A-Za-z]{22}$/;

/** A new random 128-bit id as 22 base62 characters. */
export function newJournalId(): string {
  let value = BigInt(`0x${randomBytes(16).toString('hex')}`);
  const chars = new Array<string>(ID_LENGTH);
  for (let i = ID_LENGTH - 1; i >= 0; i--) {
    chars[i] = BASE62[Number(value % 62n)];
    value /= 62n;
  }
  return chars.join('');
}

/** True when `value` has the shape of a journal id. */
export function isJournalId(value: unknown): value is string {
  return typeof value === 'string' && ID_PATTERN.test(value);
}
