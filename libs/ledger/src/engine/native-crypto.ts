// node:crypto under the ledger's platform-neutral hashing and signing (crypto/): long SHA-256 inputs
// and every Ed25519 operation go to Node's native code as soon as the engine loads. The verifier
// entry point (nestjs-ledger/verify) never loads this file and keeps the pure-JS paths, which give
// the same answers (native-crypto.spec.ts).
import { createPrivateKey, createPublicKey, hash, sign, verify, type KeyObject } from 'node:crypto';
import { ed25519 } from '@noble/curves/ed25519';
import { encodeHex, useNativeEd25519, useNativeSha256, type Ed25519Implementation } from '../crypto';

/** DER of an Ed25519 PKCS#8 private key up to its 32-byte seed, and of an SPKI public key up to its 32 bytes (RFC 8410). */
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const KEY_LENGTH = 32;
const SIGNATURE_LENGTH = 64;
/** Public keys already checked by isStrictPublicKey, with the answer; cleared when it grows past this many. */
const checkedKeys = new Map<string, boolean>();
const CHECKED_KEYS_LIMIT = 256;

function privateKeyOf(seed: Uint8Array): KeyObject {
  return createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

/** Ed25519 by node:crypto (OpenSSL), over the same raw keys as the portable implementation. */
export const nodeEd25519: Ed25519Implementation = {
  publicKeyOf: (seed) => new Uint8Array(createPublicKey(privateKeyOf(seed)).export({ type: 'spki', format: 'der' }).subarray(SPKI_PREFIX.length)),
  sign: (seed, message) => new Uint8Array(sign(null, message, privateKeyOf(seed))),
  verify(publicKey, message, signature) {
    if (publicKey.length !== KEY_LENGTH || signature.length !== SIGNATURE_LENGTH || !isStrictPublicKey(publicKey)) return false;
    try {
      const key = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, publicKey]), format: 'der', type: 'spki' });
      return verify(null, message, key, signature);
    } catch {
      return false;
    }
  },
};

/**
 * True for the canonical encoding of a point that is not of small order, as RFC 8032's strict rules
 * (and the portable implementation) require; OpenSSL accepts small-order keys, under which crafted
 * signatures verify for any message. Decoding a point costs about 0.3 ms, so answers are kept.
 */
function isStrictPublicKey(publicKey: Uint8Array): boolean {
  const id = encodeHex(publicKey);
  let strict = checkedKeys.get(id);
  if (strict === undefined) {
    try {
      strict = !ed25519.Point.fromBytes(publicKey, false).isSmallOrder();
    } catch {
      strict = false;
    }
    if (checkedKeys.size >= CHECKED_KEYS_LIMIT) checkedKeys.clear();
    checkedKeys.set(id, strict);
  }
  return strict;
}

useNativeSha256((bytes) => hash('sha256', bytes, 'buffer'));
useNativeEd25519(nodeEd25519);
