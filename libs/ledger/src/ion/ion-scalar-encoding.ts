// The Ion binary representation of scalars, without type descriptor and length: what both the
// binary writer stores and the Ion hash digests (its `repr`), byte for byte.
import { ByteBuffer } from './byte-buffer';
import { Precision, TimestampFields, timestampFields } from './ion-timestamp-fields';
import { Decimal, Timestamp } from './ion-value';

const floatView = new DataView(new ArrayBuffer(8));

/** An int's magnitude as UInt; the caller picks type code 2 or 3 from the sign. */
export function writeIntBody(out: ByteBuffer, value: number | bigint): void {
  if (typeof value === 'number') out.pushUInt(Math.abs(value));
  else out.pushBigUInt(value < 0n ? -value : value);
}

/** A 64-bit float, big-endian; positive zero has an empty body, and every NaN is the canonical quiet NaN. */
export function writeFloatBody(out: ByteBuffer, value: number): void {
  if (value === 0 && !Object.is(value, -0)) return;
  floatView.setFloat64(0, Number.isNaN(value) ? NaN : value);
  out.reserve(8);
  for (let i = 0; i < 8; i++) out.bytes[out.length + i] = floatView.getUint8(i);
  out.length += 8;
}

/** Exponent as VarInt, then the coefficient as Int; `0d0` has an empty body and `-0` keeps its sign. */
export function writeDecimalBody(out: ByteBuffer, value: Decimal): void {
  const coefficient = value.getCoefficient();
  const negative = value.isNegative();
  const exponent = value.getExponent() + 0;
  if (exponent === 0 && coefficient === 0n && !negative) return;
  out.pushVarInt(exponent);
  if (coefficient !== 0n || negative) out.pushInt(coefficient < 0n ? -coefficient : coefficient, negative);
}

export function writeTimestampBody(out: ByteBuffer, value: Timestamp): void {
  writeFieldsBody(out, timestampFields(value));
}

/** A Date as a timestamp of millisecond precision at offset Z, without building its fields. */
export function writeDateBody(out: ByteBuffer, value: Date): void {
  out.push(0x80);
  out.pushVarUInt(value.getUTCFullYear());
  out.reserve(9);
  const bytes = out.bytes;
  let at = out.length;
  bytes[at++] = (value.getUTCMonth() + 1) | 0x80;
  bytes[at++] = value.getUTCDate() | 0x80;
  bytes[at++] = value.getUTCHours() | 0x80;
  bytes[at++] = value.getUTCMinutes() | 0x80;
  bytes[at++] = value.getUTCSeconds() | 0x80;
  bytes[at++] = 0xc3;
  out.length = at;
  out.pushInt(value.getUTCMilliseconds(), false);
}

/**
 * Offset (VarInt minutes, `-00:00` as negative zero), then the UTC fields present at the precision
 * (VarUInt), then a fractional second as exponent and coefficient (none when there is no fraction,
 * no coefficient when it is zero).
 */
export function writeFieldsBody(out: ByteBuffer, fields: TimestampFields): void {
  out.pushVarInt(fields.offset ?? -0);
  out.pushVarUInt(fields.year);
  if (fields.precision >= Precision.Month) out.pushVarUInt(fields.month);
  if (fields.precision >= Precision.Day) out.pushVarUInt(fields.day);
  if (fields.precision >= Precision.Minute) {
    out.pushVarUInt(fields.hour);
    out.pushVarUInt(fields.minute);
  }
  if (fields.precision === Precision.Second) {
    out.pushVarUInt(fields.second);
    const { fraction } = fields;
    if (fraction.length > 0) {
      out.pushVarInt(-fraction.length);
      out.pushInt(fraction.length <= 15 ? Number(fraction) : BigInt(fraction), false);
    }
  }
}
