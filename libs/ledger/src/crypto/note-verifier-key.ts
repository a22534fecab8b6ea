// Keys as the C2SP signed-note format names them: the key name rules, the 4-byte key ID
// (SHA-256(name ‖ 0x0A ‖ 0x01 ‖ 32-byte Ed25519 public key), first 4 bytes), and the verifier key
// string `<name>+<8 hex digits of key ID>+<base64(0x01 ‖ public key)>` that a verifier is configured with.
import { describeValue } from '../errors';
import { toPublicKey, type Ed25519KeyInput } from './ed25519-key';
import { encodeHex } from './hex';
import { sha256 } from './sha256';
import { decodeBase64, encodeBase64 } from './strict-base64';
import { InvalidKeyError } from './errors/invalid-key.error';

/** The signature type byte of Ed25519 in signed notes. */
const ED25519_TYPE = 0x01;
const KEY_ID_LENGTH = 4;
const utf8Encoder = new TextEncoder();

/** A key that can verify note signatures: its name, ID and raw Ed25519 public key. */
export interface NoteVerifier {
  readonly name: string;
  readonly keyId: Uint8Array;
  readonly publicKey: Uint8Array;
}

/** True if `name` is a valid key name: non-empty, no spaces, no '+', no control characters. */
export function isKeyName(name: unknown): name is string {
  return typeof name === 'string' && name.length > 0 && !/[\s+\p{Cc}]/u.test(name);
}

/** Returns `name` if it is a valid key name; throws InvalidKeyError otherwise. */
function checkKeyName(name: unknown): string {
  if (isKeyName(name)) return name;
  throw new InvalidKeyError(
    `the key name ${describeValue(name)} is not valid: it must be non-empty, without spaces, '+' or control characters`,
    name,
  );
}

/** The verifier for the raw Ed25519 `publicKey` under `name`. */
export function noteVerifier(name: string, publicKey: Uint8Array): NoteVerifier {
  return { name: checkKeyName(name), keyId: noteKeyId(name, publicKey), publicKey };
}

/** The C2SP verifier key string for `key` (public or private, KeyObject or PEM) under `name`, e.g. `example.com/ledger+1a2b3c4d+AU…`. */
export function formatVerifierKey(name: string, key: Ed25519KeyInput): string {
  const verifier = noteVerifier(name, toPublicKey(key));
  const keyData = new Uint8Array([ED25519_TYPE, ...verifier.publicKey]);
  return `${verifier.name}+${encodeHex(verifier.keyId)}+${encodeBase64(keyData)}`;
}

/** Reads a verifier key string; throws InvalidKeyError unless it is a well-formed Ed25519 verifier key. */
export function parseVerifierKey(text: string): NoteVerifier {
  // The name has no '+' and the key ID is hex; the base64 key data may contain '+'.
  const [, name, keyIdHex, keyDataBase64] = /^([^+]+)\+([0-9a-f]{8})\+(.*)$/s.exec(text) ?? [];
  const keyData = keyDataBase64 === undefined ? undefined : decodeBase64(keyDataBase64);
  if (keyData === undefined) {
    throw new InvalidKeyError(`${describeValue(text)} is not a verifier key <name>+<8 hex digits>+<base64 key>`, text);
  }
  if (keyData.length !== 33 || keyData[0] !== ED25519_TYPE) {
    throw new InvalidKeyError(`the verifier key ${describeValue(text)} is not an Ed25519 key (type 0x01, 32 bytes)`, text);
  }
  const verifier = noteVerifier(name, keyData.slice(1));
  if (encodeHex(verifier.keyId) !== keyIdHex) {
    throw new InvalidKeyError(`the verifier key ${describeValue(text)} has a key ID that does not match its name and key`, text);
  }
  return verifier;
}

/** SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key), first 4 bytes. */
function noteKeyId(name: string, rawKey: Uint8Array): Uint8Array {
  const nameLine = utf8Encoder.encode(`${name}\n`);
  return sha256(new Uint8Array([...nameLine, ED25519_TYPE, ...rawKey])).slice(0, KEY_ID_LENGTH);
}
