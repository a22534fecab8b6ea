// Journal identifiers (strand, transaction, document, table ids): random 128-bit values written as
// 22 base62 characters, as QLDB writes them.
import { randomFillSync } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const ID_LENGTH = 22;
const ID_PATTERN = /^[0-9A-Za-z]{22}$/;
const ID_BYTES = 16;

/** Random bytes drawn from the OS in bulk: one system call per 256 ids. */
const pool = Buffer.allocUnsafe(ID_BYTES * 256);
let poolOffset = pool.length;

/** A new random 128-bit id as 22 base62 characters. */
export function newJournalId(): string {
  if (poolOffset === pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  // The 128-bit value as four 32-bit limbs, most significant first, divided by 62 digit by digit.
  const limbs = [0, 4, 8, 12].map((i) => pool.readUInt32BE(poolOffset + i));
  poolOffset += ID_BYTES;
  let id = '';
  for (let digit = 0; digit < ID_LENGTH; digit++) {
    let remainder = 0;
    for (let i = 0; i < limbs.length; i++) {
      const current = remainder * 0x1_0000_0000 + limbs[i];
      limbs[i] = Math.floor(current / 62);
      remainder = current % 62;
    }
    id = BASE62[remainder] + id;
  }
  return id;
}

/** True when `value` has the shape of a journal id. */
export function isJournalId(value: unknown): value is string {
  return typeof value === 'string' && ID_PATTERN.test(value);
}
