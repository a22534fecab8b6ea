// H(v): the ledger's hash of an Ion value, Amazon Ion Hash 1.0 with SHA-256 (ledger-format.md §2).
import { sha256Into } from '../crypto/sha256';
import { FieldDigest, IonHashSerializer } from './ion-hash-serializer';
import { withIonJsConverted } from './ion-input';
import { IonStructObject, IonValue } from './ion-value';
import { Reusable } from './reusable';

const fieldDigestOut = new Uint8Array(32);

/** SHA-256 as the serializer's struct-field digest. */
export const sha256FieldDigest: FieldDigest = (source, start, end) => {
  sha256Into(source, start, end, fieldDigestOut, 0);
  return fieldDigestOut;
};

const serializers = new Reusable(() => new IonHashSerializer(sha256FieldDigest));

/**
 * The 32-byte Ion hash of `value` (ion-js values included) with SHA-256, byte-identical to ion-hash-js's. Throws IonTypeError
 * (naming the value and its path) for a value outside the ledger's Ion value model.
 */
export function ionHash(value: IonValue): Uint8Array {
  return withIonJsConverted(value, hashOf);
}

function hashOf(value: IonValue): Uint8Array {
  return hashSerialization((serializer) => serializer.serialize(value));
}

/** SHA-256 of what `serialize` has a (reused) SHA-256 Ion hash serializer serialize. */
export function hashSerialization(serialize: (serializer: IonHashSerializer) => Uint8Array): Uint8Array {
  return serializers.use((serializer) => sha256Of(serialize(serializer)));
}

/**
 * The digest of one struct field, H(s(name) || s(value)): a struct's Ion hash is computed from its
 * fields' digests, sorted, so this digest can stand for the field once it is removed.
 */
export function ionFieldDigest(name: string, value: IonValue): Uint8Array {
  return withIonJsConverted(value, (converted) => serializers.use((serializer) => sha256Of(serializer.serializeField(name, converted))));
}

/**
 * The Ion hash `struct` had when it also held the fields whose digests (ionFieldDigest) are given:
 * equal to ionHash of the whole struct. Throws IonTypeError as ionHash does.
 */
export function ionHashWithFieldDigests(struct: IonStructObject, fieldDigests: readonly Uint8Array[]): Uint8Array {
  return withIonJsConverted(struct, (converted) =>
    serializers.use((serializer) => sha256Of(serializer.serializeStructWithFieldDigests(converted as IonStructObject, fieldDigests))),
  );
}

function sha256Of(serialized: Uint8Array): Uint8Array {
  const digest = new Uint8Array(32);
  sha256Into(serialized, 0, serialized.length, digest, 0);
  return digest;
}
