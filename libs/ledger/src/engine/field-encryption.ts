// Values encrypted under a subject's data key with AES-256-GCM (node:crypto), as an Ion struct the
// ledger stores, hashes and proves like any other value: { algorithm, subject, keyId, iv, ciphertext }.
// The plaintext is the value's Ion binary (so every Ion type comes back as it went in); the subject
// and key id are authenticated with it, so a value moved to another subject or key does not decrypt.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { fromIon, isPlainObject, toIon, type IonStructObject, type IonValue } from '../ion';

export const ALGORITHM = 'AES-256-GCM';

/** The transactionInfo field of the blocks that create or shred a subject's data key (subject-keys.ts). */
export const DATA_KEY_FIELD = 'dataKey';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A value encrypted under a subject's data key, as stored in a document. */
export interface EncryptedValue extends IonStructObject {
  algorithm: typeof ALGORITHM;
  subject: string;
  keyId: string;
  iv: Uint8Array;
  /** The ciphertext with GCM's 16-byte tag at its end. */
  ciphertext: Uint8Array;
}

/** Whether `value` is an encrypted value's struct (exactly its fields, of their types). */
export function isEncryptedValue(value: unknown): value is EncryptedValue {
  if (!isPlainObject(value) || Object.keys(value).length !== 5 || value.algorithm !== ALGORITHM) return false;
  const { subject, keyId, iv, ciphertext } = value;
  return typeof subject === 'string' && typeof keyId === 'string' && iv instanceof Uint8Array && iv.length === IV_BYTES && ciphertext instanceof Uint8Array && ciphertext.length >= TAG_BYTES;
}

export function sealValue(value: IonValue, key: Uint8Array, subject: string, keyId: string): EncryptedValue {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(context(subject, keyId));
  const ciphertext = Buffer.concat([cipher.update(toIon(value, 'binary')), cipher.final(), cipher.getAuthTag()]);
  return { algorithm: ALGORITHM, subject, keyId, iv: new Uint8Array(iv), ciphertext: new Uint8Array(ciphertext) };
}

/** The value, or undefined when the ciphertext, its subject or key id, or the key is not the one it was sealed with. */
export function openValue(sealed: EncryptedValue, key: Uint8Array): IonValue | undefined {
  const body = sealed.ciphertext.subarray(0, sealed.ciphertext.length - TAG_BYTES);
  const tag = sealed.ciphertext.subarray(sealed.ciphertext.length - TAG_BYTES);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.iv).setAAD(context(sealed.subject, sealed.keyId)).setAuthTag(tag);
    return fromIon(Buffer.concat([decipher.update(body), decipher.final()]));
  } catch {
    return undefined;
  }
}

/** The associated data of a subject's key: what binds a sealed value or a wrapped key to it. */
export function context(subject: string, keyId: string): Buffer {
  return Buffer.from(`${subject}\u0000${keyId}`, 'utf8');
}
