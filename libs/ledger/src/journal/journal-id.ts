// Journal identifiers (strand, transaction, document, table ids): random 128-bit values written as
// 22 base62 characters, as QLDB writes them. Randomness from Web Crypto's getRandomValues, which
// Node (globalThis.crypto) and browsers share.

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const ID_PATTERN = /^[0-9A-Za-z]{22}$/;
const ID_BYTES = 16;

/** Random bytes drawn from the OS in bulk: one call per 256 ids. */
const pool = new Uint8Array(ID_BYTES * 256);
const poolView = new DataView(pool.buffer);
let poolOffset = pool.length;

/** Three base62 digits are divided out at a time: 62^3 times a 32-bit limb stays below 2^53. */
const CHUNK = 62 ** 3;
/** 24 digits in 8 chunks; the first chunk's top two are always 0 (62^22 > 2^128) and are left out, leaving 22. */
const CHUNKS = 8;
const limbs = new Array<number>(4);
const chunks = new Array<number>(CHUNKS);

/** A new random 128-bit id as 22 base62 characters. */
export function newJournalId(): string {
  if (poolOffset === pool.length) {
    crypto.getRandomValues(pool);
    poolOffset = 0;
  }
  // The 128-bit value as four 32-bit limbs, most significant first, divided by 62^3 chunk by chunk.
  for (let i = 0; i < 4; i++) limbs[i] = poolView.getUint32(poolOffset + 4 * i);
  poolOffset += ID_BYTES;
  for (let chunk = CHUNKS - 1; chunk >= 0; chunk--) {
    let remainder = 0;
    for (let i = 0; i < 4; i++) {
      const current = remainder * 0x1_0000_0000 + limbs[i];
      limbs[i] = Math.floor(current / CHUNK);
      remainder = current % CHUNK;
    }
    chunks[chunk] = remainder;
  }
  let id = BASE62[chunks[0] % 62];
  for (let chunk = 1; chunk < CHUNKS; chunk++) {
    const value = chunks[chunk];
    id += BASE62[Math.floor(value / 3844)] + BASE62[Math.floor(value / 62) % 62] + BASE62[value % 62];
  }
  return id;
}

/** True when `value` has the shape of a journal id. */
export function isJournalId(value: unknown): value is string {
  return typeof value === 'string' && ID_PATTERN.test(value);
}
