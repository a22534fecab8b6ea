// The crypto layer's single SHA-256 entry point, so the implementation behind it can be swapped
// in one place.
import { hash } from 'node:crypto';

/** SHA-256 of `data`, as a plain Uint8Array (not a Buffer, whose slice() would not copy). */
export function hashBytes(data: Uint8Array): Uint8Array {
  const digest = hash('sha256', data, 'buffer');
  return new Uint8Array(digest.buffer, digest.byteOffset, digest.byteLength);
}
