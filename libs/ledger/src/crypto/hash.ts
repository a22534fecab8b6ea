// Hash values as the ledger passes them around: a 32-byte SHA-256 digest in a Uint8Array, or the
// empty hash (a zero-length Uint8Array) that `dot` treats as "nothing". Validation and comparison.
import { describeValue } from '../errors';
import { InvalidHashError } from './errors/invalid-hash.error';
import { InvalidProofError } from './errors/invalid-proof.error';

/** Length in bytes of every non-empty ledger hash. */
export const HASH_LENGTH = 32;

/** Returns `value` if it is a 32-byte hash; throws InvalidHashError naming `name` otherwise. */
export function checkHash(value: unknown, name: string): Uint8Array {
  if (value instanceof Uint8Array && value.length === HASH_LENGTH) return value;
  throw new InvalidHashError(`${name} is ${describeValue(value)}; expected a 32-byte hash`, value);
}

/** Returns `value` if it is a 32-byte hash or the empty hash; throws InvalidHashError otherwise. */
export function checkHashOrEmpty(value: unknown, name: string): Uint8Array {
  if (value instanceof Uint8Array && (value.length === HASH_LENGTH || value.length === 0)) return value;
  throw new InvalidHashError(
    `${name} is ${describeValue(value)}; expected a 32-byte hash or the empty hash`,
    value,
  );
}

/** Returns `value` if it is an array of 32-byte hashes; throws InvalidProofError naming the bad element. */
export function checkProof(value: unknown, name = 'proof'): readonly Uint8Array[] {
  if (!Array.isArray(value)) {
    throw new InvalidProofError(`${name} is ${describeValue(value)}; expected an array of 32-byte hashes`, value);
  }
  value.forEach((element: unknown, index) => {
    if (!(element instanceof Uint8Array) || element.length !== HASH_LENGTH) {
      throw new InvalidProofError(
        `${name}[${index}] is ${describeValue(element)}; expected a 32-byte hash`,
        element,
      );
    }
  });
  return value;
}

/** True when `a` and `b` hold the same bytes. */
export function hashesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A copy of `hash` as a plain Uint8Array (Buffer.prototype.slice would share memory). */
export function copyHash(hash: Uint8Array): Uint8Array {
  return new Uint8Array(hash);
}
