// PostgreSQL's binary form of a one-dimensional array (what array_send writes and array_recv
// reads): a header of dimensions, flags and element type, then each element as a length and its
// bytes (-1 for NULL). Bound in binary, a column of a batch reaches the server as it is, without
// hex-encoding its byte strings into an array literal for the server to parse back.
import { ColumnArray, type ColumnType } from '../column-array';

/** The element type's OID and its elements' binary form, per column type. */
const ELEMENTS: Record<ColumnType, { oid: number; encode(value: unknown): Buffer }> = {
  integer: { oid: 20, encode: encodeInt8 },
  blob: { oid: 17, encode: encodeBytes },
  text: { oid: 25, encode: (value) => Buffer.from(String(value), 'utf8') },
};

/** `column` in PostgreSQL's binary array format. */
export function binaryArray(column: ColumnArray): Buffer {
  const element = ELEMENTS[column.type];
  const encoded = column.values.map((value) => (value === null || value === undefined ? null : element.encode(value)));
  const dimensions = encoded.length ? 1 : 0;
  const size = encoded.reduce((total, bytes) => total + 4 + (bytes?.length ?? 0), 12 + 8 * dimensions);
  const array = Buffer.allocUnsafe(size);
  let offset = array.writeInt32BE(dimensions, 0);
  offset = array.writeInt32BE(encoded.includes(null) ? 1 : 0, offset);
  offset = array.writeUInt32BE(element.oid, offset);
  if (dimensions) {
    offset = array.writeInt32BE(encoded.length, offset);
    offset = array.writeInt32BE(1, offset); // lower bound
  }
  for (const bytes of encoded) {
    offset = array.writeInt32BE(bytes === null ? -1 : bytes.length, offset);
    if (bytes !== null) offset += bytes.copy(array, offset);
  }
  return array;
}

function encodeInt8(value: unknown): Buffer {
  const integer = typeof value === 'bigint' ? value : BigInt(value as number | string);
  const bytes = Buffer.alloc(8);
  bytes.writeBigInt64BE(integer, 0);
  return bytes;
}

function encodeBytes(value: unknown): Buffer {
  if (!(value instanceof Uint8Array)) throw new TypeError(`a blob column holds bytes, not ${typeof value}`);
  return Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
}
