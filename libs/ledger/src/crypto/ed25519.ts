// Ed25519 signing and verification over raw keys (32-byte seed, 32-byte public key): @noble/curves
// in plain JavaScript, which runs anywhere, unless a platform installs a native implementation
// (useNativeEd25519), as the engine does with node:crypto, about twenty times faster. Verification
// follows RFC 8032 strictly (canonical encodings, s below the group order, no small-order keys).
import { ed25519 } from '@noble/curves/ed25519';

/** Ed25519 over raw keys; every implementation must give the same answers. */
export interface Ed25519Implementation {
  /** The public key of the private key whose 32-byte seed is `seed`. */
  publicKeyOf(seed: Uint8Array): Uint8Array;
  /** The 64-byte signature of `message` by the key with this seed. */
  sign(seed: Uint8Array, message: Uint8Array): Uint8Array;
  /** True when `signature` is a valid signature of `message` by `publicKey`; false for anything malformed. */
  verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean;
}

/** Ed25519 by @noble/curves, without native code. */
export const portableEd25519: Ed25519Implementation = {
  publicKeyOf: (seed) => ed25519.getPublicKey(seed),
  sign: (seed, message) => ed25519.sign(message, seed),
  verify(publicKey, message, signature) {
    try {
      return ed25519.verify(signature, message, publicKey, { zip215: false });
    } catch {
      return false;
    }
  },
};

let current: Ed25519Implementation = portableEd25519;

/** Uses `implementation` for every Ed25519 operation from now on (null: back to the portable one). */
export function useNativeEd25519(implementation: Ed25519Implementation | null): void {
  current = implementation ?? portableEd25519;
}

/** The Ed25519 implementation in use. */
export function ed25519Implementation(): Ed25519Implementation {
  return current;
}
