// Test oracles built on ion-hash-js (used by specs only; library code never imports ion-hash-js),
// and the identity and MD5 field digests of the public Ion hash test vectors.
import { createHash } from 'node:crypto';
import { cryptoHasherProvider, digest, HasherProvider, makeHashReader } from 'ion-hash-js';
import { load, makeReader, Reader } from 'ion-js';
import { FieldDigest } from './ion-hash-serializer';

/** ion-hash-js's hash reader over ion-js's reader: the faithful oracle (no DOM conversion in between). */
export function readerOracleHash(input: string | Uint8Array, provider: HasherProvider = cryptoHasherProvider('sha256')): Uint8Array {
  const hashReader = makeHashReader(makeReader(input), provider);
  traverse(hashReader);
  return hashReader.digest();
}

/** ion-hash-js's digest() over an ion-js DOM value, as a user would call it. */
export function domOracleHash(input: string | Uint8Array): Uint8Array {
  return digest(load(input), 'sha256');
}

function traverse(reader: Reader): void {
  for (let type = reader.next(); type !== null; type = reader.next()) {
    if (type.isContainer && !reader.isNull()) {
      reader.stepIn();
      traverse(reader);
      reader.stepOut();
    }
  }
}

/** The identity "digest" of the test vectors: the field's serialization itself. */
export const identityFieldDigest: FieldDigest = (source, start, end) => source.slice(start, end);

export const md5FieldDigest: FieldDigest = (source, start, end) =>
  createHash('md5').update(source.subarray(start, end)).digest();

export function md5(bytes: Uint8Array): Uint8Array {
  return createHash('md5').update(bytes).digest();
}

export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}
