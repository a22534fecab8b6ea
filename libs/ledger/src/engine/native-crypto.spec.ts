// The engine's node:crypto Ed25519 and the portable one (@noble/curves, used by nestjs-ledger/verify)
// must give the same answers: the same public keys and signatures, and the same verdict on genuine
// signatures and on every kind of bad one. (They could differ only on a signature crafted by the
// key's holder with a small-order component: noble checks RFC 8032's cofactored equation, OpenSSL
// the cofactorless one; no one without the private key can make either accept.)
import { createHash } from 'node:crypto';
import { ed25519Implementation, portableEd25519 } from '../crypto/ed25519';
import { sha256 } from '../crypto/sha256';
import { nodeEd25519 } from './native-crypto';

const GROUP_ORDER = (1n << 252n) + 27742317777372353535851937790883648493n;
const hex = (text: string) => Uint8Array.from(text.match(/../g)!, (pair) => parseInt(pair, 16));
const seedOf = (n: number) => new Uint8Array(createHash('sha256').update(`seed ${n}`).digest());
const message = new TextEncoder().encode('example.com/ledgers/orders\n1234\nq2Mx0cRHx4sGMGZMJm4bC3BH8gUGY6Ff6ORSCWmDdwg=\n');
const flip = (bytes: Uint8Array, index: number) => Uint8Array.from(bytes, (b, i) => (i === index ? b ^ 0x01 : b));

/** The signature with s replaced by s + L: the same point equation, but not canonical. */
function withNonCanonicalS(signature: Uint8Array): Uint8Array {
  let s = 0n;
  for (let i = 63; i >= 32; i--) s = (s << 8n) | BigInt(signature[i]);
  const bigger = s + GROUP_ORDER;
  return Uint8Array.from(signature, (b, i) => (i < 32 ? b : Number((bigger >> BigInt(8 * (i - 32))) & 0xffn)));
}

describe('native and portable Ed25519', () => {
  it('is installed by the engine, which loads this module', () => {
    expect(ed25519Implementation()).toBe(nodeEd25519);
  });

  it('derive the same public keys and signatures from the same seeds, and both accept them', () => {
    for (let n = 0; n < 20; n++) {
      const seed = seedOf(n);
      const publicKey = portableEd25519.publicKeyOf(seed);
      expect(nodeEd25519.publicKeyOf(seed)).toEqual(publicKey);
      const signature = portableEd25519.sign(seed, message);
      expect(nodeEd25519.sign(seed, message)).toEqual(signature);
      expect([nodeEd25519.verify(publicKey, message, signature), portableEd25519.verify(publicKey, message, signature)]).toEqual([true, true]);
    }
  });

  it('refuse the same bad signatures', () => {
    const seed = seedOf(1);
    const publicKey = portableEd25519.publicKeyOf(seed);
    const other = portableEd25519.publicKeyOf(seedOf(2));
    const signature = portableEd25519.sign(seed, message);
    const identity = hex(`01${'00'.repeat(31)}`);
    const orderTwo = hex(`ec${'ff'.repeat(30)}7f`);
    const nonCanonicalIdentity = hex(`ee${'ff'.repeat(30)}7f`);
    const smallOrderSignature = new Uint8Array([...identity, ...new Uint8Array(32)]);
    const cases: Array<[string, Uint8Array, Uint8Array, Uint8Array]> = [
      ['an altered message', publicKey, flip(message, 5), signature],
      ['the wrong key', other, message, signature],
      ['a key that is not a point', sha256(new Uint8Array([1])), message, signature],
      ['s + L instead of s', publicKey, message, withNonCanonicalS(signature)],
      ['a short signature', publicKey, message, signature.subarray(0, 63)],
      ['a long signature', publicKey, message, new Uint8Array([...signature, 0])],
      ['a short key', publicKey.subarray(0, 31), message, signature],
      ['all zeros', publicKey, message, new Uint8Array(64)],
      ['the identity as key, with a signature any message satisfies', identity, message, smallOrderSignature],
      ['a key of order two, with a signature any message satisfies', orderTwo, message, smallOrderSignature],
      ['a non-canonical encoding of the identity as key', nonCanonicalIdentity, message, smallOrderSignature],
      ...[0, 7, 31, 32, 40, 63].map((i): [string, Uint8Array, Uint8Array, Uint8Array] => [`signature byte ${i} flipped`, publicKey, message, flip(signature, i)]),
    ];
    const verdicts = cases.map(([name, key, text, sig]) => [name, nodeEd25519.verify(key, text, sig), portableEd25519.verify(key, text, sig)]);
    expect(verdicts).toEqual(cases.map(([name]) => [name, false, false]));
  });
});
