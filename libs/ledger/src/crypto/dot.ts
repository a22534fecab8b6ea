// `dot`, the ledger's node hash (ledger-format.md §3): SHA-256 of the two hashes concatenated
// smaller-first, where "smaller" compares signed bytes from the last byte backwards. It is
// commutative, which is why QLDB's proofs carry no left/right flags.
import { checkHashOrEmpty, HASH_LENGTH } from './hash';
import { sha256 } from './sha256';

/** Scratch space for the 64 bytes being hashed; safe to reuse because hashing is synchronous. */
const pair = new Uint8Array(2 * HASH_LENGTH);

/** `dot(a, b)`; either side may be the empty hash, in which case the other is returned. */
export function dot(a: Uint8Array, b: Uint8Array): Uint8Array {
  checkHashOrEmpty(a, 'dot: a');
  checkHashOrEmpty(b, 'dot: b');
  return dotUnchecked(a, b);
}

/** `dot` without input validation, for callers that have already validated their hashes. */
export function dotUnchecked(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const aFirst = signedLessOrEqualFromEnd(a, b);
  pair.set(aFirst ? a : b, 0);
  pair.set(aFirst ? b : a, HASH_LENGTH);
  return sha256(pair);
}

/** Compares two 32-byte hashes as signed bytes, last byte first; true when a ≤ b. */
function signedLessOrEqualFromEnd(a: Uint8Array, b: Uint8Array): boolean {
  for (let i = HASH_LENGTH - 1; i >= 0; i--) {
    if (a[i] !== b[i]) return toSigned(a[i]) < toSigned(b[i]);
  }
  return true;
}

function toSigned(byte: number): number {
  return byte > 127 ? byte - 256 : byte;
}
