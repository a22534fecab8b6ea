// Ed25519 keys for signed digests, read down to raw bytes without node:crypto: a node:crypto
// KeyObject (through its JWK export, so it is only used, never imported), a PEM string (SPKI public
// key or PKCS#8 private key), each checked to be an Ed25519 key of the right kind. Errors never
// carry the key itself, so logging one cannot leak a private key.
import { describeValue } from '../errors';
import { ed25519Implementation } from './ed25519';
import { decodeBase64, decodeBase64Url } from './strict-base64';
import { InvalidKeyError } from './errors/invalid-key.error';

/** What is read of node:crypto's KeyObject: its kind and, for an Ed25519 key, its JWK export. */
export interface KeyObjectLike {
  /** 'public', 'private' or 'secret'. */
  readonly type: string;
  readonly asymmetricKeyType?: string;
  export(options: { format: 'jwk' }): { x?: string; d?: string };
}

/** An Ed25519 key as signed digests take it: a KeyObject or a PEM string. */
export type Ed25519KeyInput = KeyObjectLike | string;

/** An Ed25519 private key as raw bytes: the 32-byte seed and the public key it gives. */
export interface Ed25519PrivateKey {
  readonly seed: Uint8Array;
  readonly publicKey: Uint8Array;
}

const KEY_LENGTH = 32;
/** DER of SubjectPublicKeyInfo for Ed25519 (RFC 8410) up to the 32 key bytes. */
const SPKI_PREFIX = new Uint8Array([0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00]);
/** DER of a PKCS#8 OneAsymmetricKey v1 for Ed25519 (RFC 8410) up to the 32 seed bytes. */
const PKCS8_PREFIX = new Uint8Array([0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20]);
const PEM = /^-----BEGIN ([A-Z0-9 ]+)-----\r?\n([A-Za-z0-9+/=\r\n]+)-----END \1-----$/;

/** An Ed25519 private key from a private KeyObject or a PKCS#8 PEM string. */
export function toPrivateKey(key: Ed25519KeyInput): Ed25519PrivateKey {
  const read = readKey(key, 'private key');
  if (read.seed === undefined) throw new InvalidKeyError(`signing needs a private key; got a ${read.type} key`);
  return { seed: read.seed, publicKey: read.publicKey ?? ed25519Implementation().publicKeyOf(read.seed) };
}

/** The raw 32-byte Ed25519 public key of a public or private KeyObject or PEM string. */
export function toPublicKey(key: Ed25519KeyInput): Uint8Array {
  const read = readKey(key, 'public key');
  if (read.type === 'secret') throw new InvalidKeyError('verifying needs an Ed25519 public key; got a secret key');
  return read.publicKey ?? ed25519Implementation().publicKeyOf(read.seed as Uint8Array);
}

interface ReadKey {
  readonly type: string;
  readonly seed?: Uint8Array;
  readonly publicKey?: Uint8Array;
}

function readKey(key: Ed25519KeyInput, what: string): ReadKey {
  if (typeof key === 'string') return readPem(key, what);
  if (isKeyObject(key)) return readKeyObject(key);
  throw new InvalidKeyError(`the ${what} is ${describeValue(key)}; expected a KeyObject or a PEM string`);
}

function isKeyObject(key: unknown): key is KeyObjectLike {
  return typeof key === 'object' && key !== null && typeof (key as KeyObjectLike).type === 'string' && typeof (key as KeyObjectLike).export === 'function';
}

function readKeyObject(key: KeyObjectLike): ReadKey {
  if (key.type === 'secret') return { type: 'secret' };
  if (key.asymmetricKeyType !== 'ed25519') throw new InvalidKeyError(`signed digests use Ed25519 keys; got a ${key.asymmetricKeyType} key`);
  const jwk = key.export({ format: 'jwk' });
  const publicKey = jwkBytes(jwk.x);
  const seed = key.type === 'private' ? jwkBytes(jwk.d) : undefined;
  if (publicKey === undefined || (key.type === 'private' && seed === undefined)) throw new InvalidKeyError(`the Ed25519 ${key.type} key does not export its key bytes`);
  return { type: key.type, publicKey, ...(seed ? { seed } : {}) };
}

function jwkBytes(text: string | undefined): Uint8Array | undefined {
  const bytes = text === undefined ? undefined : decodeBase64Url(text);
  return bytes?.length === KEY_LENGTH ? bytes : undefined;
}

/** An SPKI public key or PKCS#8 private key in PEM; never puts the text into an error. */
function readPem(text: string, what: string): ReadKey {
  const [, label, body] = PEM.exec(text.trim()) ?? [];
  const der = body === undefined ? undefined : decodeBase64(body.replace(/\r?\n/g, ''));
  if (der === undefined) throw new InvalidKeyError(`the ${what} is not a readable PEM key: expected a PEM block "-----BEGIN PUBLIC KEY-----" or "-----BEGIN PRIVATE KEY-----"`);
  if (label === 'PUBLIC KEY' && hasPrefix(der, SPKI_PREFIX)) return { type: 'public', publicKey: der.slice(SPKI_PREFIX.length) };
  if (label === 'PRIVATE KEY' && hasPrefix(der, PKCS8_PREFIX)) return { type: 'private', seed: der.slice(PKCS8_PREFIX.length) };
  throw new InvalidKeyError(`the ${what} is not a readable PEM key: its ${label} block does not hold an Ed25519 key (RFC 8410)`);
}

/** True when `der` is `prefix` followed by exactly 32 key bytes. */
function hasPrefix(der: Uint8Array, prefix: Uint8Array): boolean {
  return der.length === prefix.length + KEY_LENGTH && prefix.every((byte, i) => der[i] === byte);
}
