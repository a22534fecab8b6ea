// Ed25519 keys for signed digests: accepting a KeyObject or a PEM string, and converting between
// a public KeyObject and the raw 32-byte public key that signed notes use. Errors never carry the
// key itself, so logging one cannot leak a private key.
import { createPrivateKey, createPublicKey, KeyObject } from 'node:crypto';
import { describeValue } from '../errors';
import { InvalidKeyError } from './errors/invalid-key.error';

/** An Ed25519 private key as a KeyObject, from a KeyObject or a PEM string. */
export function toPrivateKey(key: KeyObject | string): KeyObject {
  const privateKey = convert(key, 'private key', (pem) => createPrivateKey(pem));
  if (privateKey.type !== 'private') {
    throw new InvalidKeyError(`signing needs a private key; got a ${privateKey.type} key`);
  }
  return checkEd25519(privateKey);
}

/** An Ed25519 public key as a KeyObject, from a public or private KeyObject or PEM string. */
export function toPublicKey(key: KeyObject | string): KeyObject {
  const keyObject = convert(key, 'public key', (pem) => createPublicKey(pem));
  if (keyObject.type === 'secret') throw new InvalidKeyError('verifying needs an Ed25519 public key; got a secret key');
  return checkEd25519(keyObject.type === 'private' ? createPublicKey(keyObject) : keyObject);
}

/** The 32 raw bytes of an Ed25519 public key (RFC 8032 encoding). */
export function rawPublicKey(publicKey: KeyObject): Uint8Array {
  const jwk = publicKey.export({ format: 'jwk' });
  return new Uint8Array(Buffer.from(jwk.x as string, 'base64url'));
}

/** An Ed25519 public KeyObject from its 32 raw bytes. */
export function publicKeyFromRaw(raw: Uint8Array): KeyObject {
  const x = Buffer.from(raw).toString('base64url');
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
}

function convert(key: KeyObject | string, what: string, fromPem: (pem: string) => KeyObject): KeyObject {
  if (key instanceof KeyObject) return key;
  if (typeof key !== 'string') {
    throw new InvalidKeyError(`the ${what} is ${describeValue(key)}; expected a KeyObject or a PEM string`);
  }
  try {
    return fromPem(key);
  } catch (error) {
    throw new InvalidKeyError(`the ${what} is not a readable PEM key: ${(error as Error).message}`);
  }
}

function checkEd25519(keyObject: KeyObject): KeyObject {
  if (keyObject.asymmetricKeyType === 'ed25519') return keyObject;
  throw new InvalidKeyError(`signed digests use Ed25519 keys; got a ${keyObject.asymmetricKeyType} key`);
}
