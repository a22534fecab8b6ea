// PostgreSQL's binary form of a one-dimensional array (what array_send writes and array_recv
// reads): a header of dimensions, flags and element type, then each element as a length and its
// bytes (-1 for NULL). Bound in binary, a column of a batch reaches the server as it is, without
// hex-encoding its byte strings into an array literal for the server to parse back. The array is
// sized first and each element written straight into it, with no buffer per element.
import { ColumnArray, type ColumnType } from '../column-array';

/** An element type: its OID, the byte length of a value's binary form, and how it is written at an offset (returning the offset after it). */
interface ElementType {
  oid: number;
  length(value: unknown): number;
  write(array: Buffer, offset: number, value: unknown): number;
}

const ELEMENTS: Record<ColumnType, ElementType> = {
  integer: { oid: 20, length: () => 8, write: writeInt8 },
  blob: { oid: 17, length: (value) => bytesOf(value).byteLength, write: writeBytes },
  text: { oid: 25, length: (value) => Buffer.byteLength(String(value), 'utf8'), write: (array, offset, value) => offset + array.write(String(value), offset, 'utf8') },
};

/** `column` in PostgreSQL's binary array format. */
export function binaryArray(column: ColumnArray): Buffer {
  const element = ELEMENTS[column.type];
  const values = column.values;
  const dimensions = values.length ? 1 : 0;
  let size = 12 + 8 * dimensions;
  let hasNull = 0;
  for (const value of values) {
    if (value === null || value === undefined) hasNull = 1;
    else size += element.length(value);
    size += 4;
  }
  const array = Buffer.allocUnsafe(size);
  let offset = array.writeInt32BE(dimensions, 0);
  offset = array.writeInt32BE(hasNull, offset);
  offset = array.writeUInt32BE(element.oid, offset);
  if (dimensions) {
    offset = array.writeInt32BE(values.length, offset);
    offset = array.writeInt32BE(1, offset); // lower bound
  }
  for (const value of values) {
    if (value === null || value === undefined) {
      offset = array.writeInt32BE(-1, offset);
    } else {
      const lengthAt = offset;
      offset = element.write(array, offset + 4, value);
      array.writeInt32BE(offset - lengthAt - 4, lengthAt);
    }
  }
  return array;
}

/** A 64-bit integer: a safe integer written as two 32-bit halves, anything else through BigInt. */
function writeInt8(array: Buffer, offset: number, value: unknown): number {
  if (typeof value === 'number' && Number.isSafeInteger(value)) {
    array.writeInt32BE(Math.floor(value / 2 ** 32), offset);
    return array.writeUInt32BE(value >>> 0, offset + 4);
  }
  return array.writeBigInt64BE(typeof value === 'bigint' ? value : BigInt(value as number | string), offset);
}

function writeBytes(array: Buffer, offset: number, value: unknown): number {
  const bytes = bytesOf(value);
  array.set(bytes, offset);
  return offset + bytes.byteLength;
}

function bytesOf(value: unknown): Uint8Array {
  if (!(value instanceof Uint8Array)) throw new TypeError(`a blob column holds bytes, not ${typeof value}`);
  return value;
}
