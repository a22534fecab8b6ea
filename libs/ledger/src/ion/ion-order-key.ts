// An order-preserving byte key for the Ion scalars that have an order: comparing two keys as
// unsigned bytes (memcmp, then the shorter first) orders their values the way PartiQL compares
// them. Numbers of every type order by value (int 1, decimal 1.00 and float 1e0 share one key);
// timestamps by the instant they name, whatever their precision and offset; strings and symbols
// by code point; blobs and clobs by byte. Each family has its own leading byte, so the families
// sort bool < number < timestamp < text < lob, and a range within one family is one key range.
// Nulls, containers, NaN and symbols without text have no order and no key.
import { Decimal, IonAnnotated, IonClob, IonFloat, IonSymbol, Timestamp, type IonValue } from './ion-value';
import { timestampFields } from './ion-timestamp-fields';

export enum OrderFamily {
  Bool = 0x10,
  Number = 0x20,
  Timestamp = 0x30,
  Text = 0x40,
  Lob = 0x50,
}

/** A finite number as sign × 0.digits × 10^exponent, digits without leading or trailing zeros. */
export interface NumericParts {
  sign: -1 | 0 | 1;
  /** Decimal digits of the magnitude ('' for zero). */
  digits: string;
  exponent: number;
}

const NEGATIVE_INFINITY = 0x01;
const NEGATIVE = 0x02;
const ZERO = 0x03;
const POSITIVE = 0x04;
const POSITIVE_INFINITY = 0x05;
const EXPONENT_BIAS = 2n ** 62n;
const utf8 = new TextEncoder();

/** The order key of `value`, or undefined when it has no order (null, container, NaN, $0). */
export function ionOrderKey(value: IonValue): Uint8Array | undefined {
  const inner = value instanceof IonAnnotated ? value.value : value;
  switch (typeof inner) {
    case 'boolean':
      return Uint8Array.of(OrderFamily.Bool, inner ? 1 : 0);
    case 'number':
      return numberKey(OrderFamily.Number, inner);
    case 'bigint':
      return partsKey(OrderFamily.Number, bigintParts(inner));
    case 'string':
      return textKey(inner);
    default:
      return objectKey(inner);
  }
}

/** Whether `value` has an order key (without building it). */
export function isOrdered(value: IonValue): boolean {
  const inner = value instanceof IonAnnotated ? value.value : value;
  switch (typeof inner) {
    case 'number':
      return !Number.isNaN(inner);
    case 'object':
      if (inner instanceof IonFloat) return !Number.isNaN(inner.value);
      if (inner instanceof IonSymbol) return inner.text !== null;
      return inner instanceof Decimal || inner instanceof Date || inner instanceof Timestamp || inner instanceof Uint8Array || inner instanceof IonClob;
    default:
      return true;
  }
}

/** The family of an order key (its first byte). */
export function orderFamilyOf(key: Uint8Array): OrderFamily {
  return key[0] as OrderFamily;
}

/** Compares two byte arrays as unsigned bytes, the shorter first on a tie (SQLite's blob order). */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    if (a[i] !== b[i]) return a[i] - b[i];
  }
  return a.length - b.length;
}

/** The parts of a finite number, int, bigint or decimal; undefined for NaN and infinities. */
export function numericParts(value: number | bigint | Decimal): NumericParts | undefined {
  if (typeof value === 'bigint') return bigintParts(value);
  if (typeof value === 'number') return Number.isFinite(value) ? floatParts(value) : undefined;
  const coefficient = value.getCoefficient();
  const digits = (coefficient < 0n ? -coefficient : coefficient).toString();
  return normalize(coefficient < 0n ? -1 : 1, digits, digits.length + value.getExponent());
}

function objectKey(value: IonValue): Uint8Array | undefined {
  if (value instanceof Decimal) return partsKey(OrderFamily.Number, numericParts(value) as NumericParts);
  if (value instanceof IonFloat) return numberKey(OrderFamily.Number, value.value);
  if (value instanceof Date) return partsKey(OrderFamily.Timestamp, bigintParts(BigInt(value.getTime())), -3);
  if (value instanceof Timestamp) return partsKey(OrderFamily.Timestamp, instantParts(value));
  if (value instanceof IonSymbol) return value.text === null ? undefined : textKey(value.text);
  if (value instanceof Uint8Array) return prefixed(OrderFamily.Lob, value);
  if (value instanceof IonClob) return prefixed(OrderFamily.Lob, value.bytes);
  return undefined;
}

function numberKey(family: OrderFamily, value: number): Uint8Array | undefined {
  if (Number.isNaN(value)) return undefined;
  if (value === Infinity) return Uint8Array.of(family, POSITIVE_INFINITY);
  if (value === -Infinity) return Uint8Array.of(family, NEGATIVE_INFINITY);
  return partsKey(family, floatParts(value));
}

/** The instant a timestamp names, in seconds since the epoch, exactly (any fraction digits). */
function instantParts(timestamp: Timestamp): NumericParts {
  const fields = timestampFields(timestamp);
  const date = new Date(0);
  date.setUTCFullYear(fields.year, fields.month - 1, fields.day);
  date.setUTCHours(fields.hour, fields.minute, fields.second, 0);
  const scaled = BigInt(date.getTime() / 1000) * 10n ** BigInt(fields.fraction.length) + BigInt(fields.fraction || '0');
  const digits = (scaled < 0n ? -scaled : scaled).toString();
  return normalize(scaled < 0n ? -1 : 1, digits, digits.length - fields.fraction.length);
}

function floatParts(value: number): NumericParts {
  if (value === 0) return { sign: 0, digits: '', exponent: 0 };
  const [mantissa, exponent] = Math.abs(value).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  return normalize(value < 0 ? -1 : 1, digits, Number(exponent) + 1);
}

function bigintParts(value: bigint): NumericParts {
  if (value === 0n) return { sign: 0, digits: '', exponent: 0 };
  const digits = (value < 0n ? -value : value).toString();
  return normalize(value < 0n ? -1 : 1, digits, digits.length);
}

/** Strips zeros: leading ones move the exponent down, trailing ones are dropped. */
function normalize(sign: -1 | 0 | 1, digits: string, exponent: number): NumericParts {
  let start = 0;
  while (start < digits.length && digits.charCodeAt(start) === 0x30) start++;
  let end = digits.length;
  while (end > start && digits.charCodeAt(end - 1) === 0x30) end--;
  if (start === end) return { sign: 0, digits: '', exponent: 0 };
  return { sign, digits: digits.slice(start, end), exponent: exponent - start };
}

/**
 * family, class, then for non-zero values the exponent (8 bytes, biased) and one byte per digit
 * (digit + 1) ended by 0; a negative value's bytes after the class are inverted, so a larger
 * magnitude sorts first. `shift` moves the exponent (a Date's milliseconds as seconds).
 */
function partsKey(family: OrderFamily, parts: NumericParts, shift = 0): Uint8Array {
  if (parts.sign === 0) return Uint8Array.of(family, ZERO);
  const key = new Uint8Array(2 + 8 + parts.digits.length + 1);
  key[0] = family;
  key[1] = parts.sign > 0 ? POSITIVE : NEGATIVE;
  new DataView(key.buffer).setBigUint64(2, BigInt(parts.exponent + shift) + EXPONENT_BIAS);
  for (let i = 0; i < parts.digits.length; i++) key[10 + i] = parts.digits.charCodeAt(i) - 0x30 + 1;
  if (parts.sign < 0) for (let i = 2; i < key.length; i++) key[i] = 0xff - key[i];
  return key;
}

/** The text family byte, then the text as UTF-8 (copied byte by byte when it is ASCII, the common case). */
function textKey(text: string): Uint8Array {
  const key = new Uint8Array(text.length + 1);
  key[0] = OrderFamily.Text;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x80) return prefixed(OrderFamily.Text, utf8.encode(text));
    key[i + 1] = code;
  }
  return key;
}

function prefixed(family: OrderFamily, bytes: Uint8Array): Uint8Array {
  const key = new Uint8Array(bytes.length + 1);
  key[0] = family;
  key.set(bytes, 1);
  return key;
}
