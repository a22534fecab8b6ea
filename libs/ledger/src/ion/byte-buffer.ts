// A growable byte array for the Ion encoders and the hasher: amortised growth, Ion binary's integer
// forms (UInt, Int, VarUInt, VarInt), UTF-8, and in-place insertion, so serialising allocates
// almost nothing beyond its result.
import { charCodeAt } from './string-methods';
import { hasUnpairedSurrogate } from './utf16';

const MAX_SAFE_BIGINT = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * Strings at least this long are UTF-8 encoded by the platform's TextEncoder, whose fixed cost per
 * call a plain loop over the characters beats on shorter ones (measured on Node 20: ~4.5 ns a
 * character against ~110 ns a call).
 */
const NATIVE_UTF8_FROM_LENGTH = 24;
const utf8Encoder = new TextEncoder();

export class ByteBuffer {
  bytes: Uint8Array;
  length = 0;
  private dataView: DataView | null = null;

  constructor(capacity = 1024) {
    this.bytes = new Uint8Array(capacity);
  }

  /** Makes room for `extra` more bytes. */
  reserve(extra: number): void {
    if (this.length + extra > this.bytes.length) this.grow(extra);
  }

  push(byte: number): void {
    if (this.length === this.bytes.length) this.grow(1);
    this.bytes[this.length++] = byte;
  }

  push3(a: number, b: number, c: number): void {
    this.reserve(3);
    const at = this.length;
    this.bytes[at] = a;
    this.bytes[at + 1] = b;
    this.bytes[at + 2] = c;
    this.length = at + 3;
  }

  /** Appends `source[start, end)`: a whole array by a native copy, a short part by a loop that allocates no view. */
  pushBytes(source: Uint8Array, start = 0, end = source.length): void {
    const count = end - start;
    this.reserve(count);
    const bytes = this.bytes;
    let at = this.length;
    if (count === source.length) {
      bytes.set(source, at);
    } else if (count < 48) {
      for (let i = start; i < end; i++) bytes[at++] = source[i];
    } else {
      bytes.set(source.subarray(start, end), at);
    }
    this.length += count;
  }

  /** Shifts `[at, length)` right by `count` bytes, leaving `count` bytes to fill at `at`. */
  insert(at: number, count: number): void {
    this.reserve(count);
    this.bytes.copyWithin(at + count, at, this.length);
    this.length += count;
  }

  /** A copy of `[start, end)`. */
  copy(start = 0, end = this.length): Uint8Array {
    return this.bytes.slice(start, end);
  }

  /** Ion UInt: the big-endian magnitude of a non-negative integer in as few bytes as possible (none for 0). */
  pushUInt(value: number): void {
    if (value < 0x100) {
      if (value > 0) this.push(value);
      return;
    }
    let count = 0;
    for (let rest = value; rest > 0; rest = Math.floor(rest / 0x100)) count++;
    this.reserve(count);
    let at = this.length + count;
    for (let rest = value; rest > 0; rest = Math.floor(rest / 0x100)) this.bytes[--at] = rest % 0x100;
    this.length += count;
  }

  /** Ion UInt of a bigint magnitude (>= 0). */
  pushBigUInt(value: bigint): void {
    if (value <= MAX_SAFE_BIGINT) {
      this.pushUInt(Number(value));
      return;
    }
    const hex = value.toString(16);
    const count = (hex.length + 1) >> 1;
    this.reserve(count);
    let at = this.length;
    let from = hex.length - count * 2;
    for (let i = 0; i < count; i++, from += 2) {
      this.bytes[at++] = parseInt(hex.substring(Math.max(from, 0), from + 2), 16);
    }
    this.length = at;
  }

  /**
   * Ion Int (sign and magnitude): the magnitude with its top bit free for the sign. A negative zero is
   * `0x80`; a positive zero is written as nothing.
   */
  pushInt(magnitude: number | bigint, negative: boolean): void {
    const start = this.length;
    if (typeof magnitude === 'bigint') this.pushBigUInt(magnitude);
    else this.pushUInt(magnitude);
    if (this.length === start) {
      if (negative) this.push(0x80);
      return;
    }
    if (this.bytes[start] & 0x80) {
      this.insert(start, 1);
      this.bytes[start] = 0;
    }
    if (negative) this.bytes[start] |= 0x80;
  }

  /** Ion VarUInt: 7 bits per byte, most significant first, the last byte flagged with 0x80. */
  pushVarUInt(value: number): void {
    if (value < 0x80) {
      this.push(value | 0x80);
      return;
    }
    const count = varUIntLength(value);
    this.reserve(count);
    this.length += count;
    this.setVarUInt(this.length - count, value, count);
  }

  /** Inserts `value` as a VarUInt at `at`, shifting what follows. */
  insertVarUInt(at: number, value: number): void {
    const count = varUIntLength(value);
    this.insert(at, count);
    this.setVarUInt(at, value, count);
  }

  /** Overwrites `[at, at + count)` with `value` as a VarUInt of `count` bytes (at least `varUIntLength(value)`). */
  setVarUInt(at: number, value: number, count: number): void {
    let rest = value;
    let i = at + count - 1;
    this.bytes[i] = (rest % 0x80) | 0x80;
    for (rest = Math.floor(rest / 0x80); i > at; rest = Math.floor(rest / 0x80)) this.bytes[--i] = rest % 0x80;
  }

  /** Ion VarInt: like VarUInt with a sign bit (0x40) in the first byte; `-0` keeps its sign. */
  pushVarInt(value: number): void {
    const negative = value < 0 || Object.is(value, -0);
    const magnitude = Math.abs(value);
    const start = this.length;
    this.pushVarUInt(magnitude);
    if (this.bytes[start] & 0x40) {
      this.insert(start, 1);
      this.bytes[start] = 0;
    }
    if (negative) this.bytes[start] |= 0x40;
  }

  /**
   * Appends `text` as UTF-8. Returns false, having written nothing, if `text` holds an unpaired
   * surrogate, which has no UTF-8 form.
   */
  pushUtf8(text: string): boolean {
    const count = text.length;
    this.reserve(count * 3);
    if (count >= NATIVE_UTF8_FROM_LENGTH) return this.pushUtf8Natively(text);
    const bytes = this.bytes;
    const at = this.length;
    for (let i = 0; i < count; i++) {
      const c = charCodeAt.call(text, i);
      if (c >= 0x80) return this.pushUtf8From(text, i, at + i);
      bytes[at + i] = c;
    }
    this.length = at + count;
    return true;
  }

  /**
   * The platform's UTF-8 encoder, which writes U+FFFD for an unpaired surrogate: only a string that
   * grew beyond one byte per character can hold one, so only such a string is checked.
   */
  private pushUtf8Natively(text: string): boolean {
    const { written } = utf8Encoder.encodeInto(text, this.bytes.subarray(this.length));
    if (written !== text.length && hasUnpairedSurrogate(text)) return false;
    this.length += written;
    return true;
  }

  /** Encodes `text` from character `from` on at byte `at`, room for it reserved, character by character. */
  private pushUtf8From(text: string, from: number, at: number): boolean {
    const bytes = this.bytes;
    const count = text.length;
    for (let i = from; i < count; i++) {
      const c = charCodeAt.call(text, i);
      if (c < 0x80) {
        bytes[at++] = c;
      } else if (c < 0x800) {
        bytes[at++] = 0xc0 | (c >> 6);
        bytes[at++] = 0x80 | (c & 0x3f);
      } else if (c < 0xd800 || c >= 0xe000) {
        bytes[at++] = 0xe0 | (c >> 12);
        bytes[at++] = 0x80 | ((c >> 6) & 0x3f);
        bytes[at++] = 0x80 | (c & 0x3f);
      } else {
        const low = i + 1 < count ? charCodeAt.call(text, i + 1) : 0;
        if (c >= 0xdc00 || low < 0xdc00 || low >= 0xe000) return false;
        i++;
        const point = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
        bytes[at++] = 0xf0 | (point >> 18);
        bytes[at++] = 0x80 | ((point >> 12) & 0x3f);
        bytes[at++] = 0x80 | ((point >> 6) & 0x3f);
        bytes[at++] = 0x80 | (point & 0x3f);
      }
    }
    this.length = at;
    return true;
  }

  /** A DataView of `bytes`, made again after each growth. */
  view(): DataView {
    if (this.dataView === null) this.dataView = new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.length);
    return this.dataView;
  }

  private grow(extra: number): void {
    const next = new Uint8Array(Math.max(this.bytes.length * 2, this.length + extra));
    next.set(this.bytes.subarray(0, this.length));
    this.bytes = next;
    this.dataView = null;
  }
}

/** The number of bytes of `value` as a VarUInt. */
export function varUIntLength(value: number): number {
  let count = 1;
  for (let rest = Math.floor(value / 0x80); rest > 0; rest = Math.floor(rest / 0x80)) count++;
  return count;
}
