// SHA-256 must equal node:crypto's on every length, on the pure-JS path and on the dispatching path
// with node:crypto installed for long inputs, as the engine installs it.
import { hash } from 'node:crypto';
import { portableSha256Into, sha256, sha256Into, useNativeSha256 } from './sha256';

function seededBytes(length: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = x;
  }
  return bytes;
}

const expected = (bytes: Uint8Array) => new Uint8Array(hash('sha256', bytes, 'buffer'));

describe('sha256', () => {
  it('matches node:crypto for every length 0..300', () => {
    for (let length = 0; length <= 300; length++) {
      const bytes = seededBytes(length, length + 1);
      expect(sha256(bytes)).toEqual(expected(bytes));
    }
  });

  it('matches node:crypto on the pure-JS path for every length 0..300 and multi-block inputs up to 20 KB', () => {
    const lengths = [...Array.from({ length: 301 }, (_, i) => i), 1000, 4095, 4096, 4097, 20_000];
    const dest = new Uint8Array(40);
    for (const length of lengths) {
      const bytes = seededBytes(length, 7 * length + 3);
      portableSha256Into(bytes, 0, length, dest, 5);
      expect(dest.subarray(5, 37)).toEqual(expected(bytes));
    }
  });

  it('hands long inputs to an installed native hasher, and short ones to the pure path', () => {
    const lengths: number[] = [];
    useNativeSha256((bytes) => {
      lengths.push(bytes.length);
      return new Uint8Array(hash('sha256', bytes, 'buffer'));
    });
    try {
      for (const length of [0, 100, 311, 312, 1000, 20_000]) {
        const bytes = seededBytes(length, length + 5);
        expect(sha256(bytes)).toEqual(expected(bytes));
      }
    } finally {
      useNativeSha256(null);
    }
    expect(lengths).toEqual([312, 1000, 20_000]);
  });

  it('hashes a subarray into a destination offset without touching the bytes around it', () => {
    const source = seededBytes(600, 99);
    for (const [start, end] of [[0, 0], [3, 64], [10, 130], [17, 250], [1, 599]]) {
      const dest = new Uint8Array(48).fill(0xaa);
      sha256Into(source, start, end, dest, 8);
      expect(dest.subarray(8, 40)).toEqual(expected(source.subarray(start, end)));
      expect([...dest.subarray(0, 8), ...dest.subarray(40)].every((b) => b === 0xaa)).toBe(true);
    }
  });

  it('matches node:crypto on 2,000 random inputs of random lengths', () => {
    let seed = 12345;
    for (let i = 0; i < 2000; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      const bytes = seededBytes(seed % 700, seed);
      expect(sha256(bytes)).toEqual(expected(bytes));
    }
  });

  it('matches the FIPS 180-4 example digests', () => {
    const hex = (s: string) => Buffer.from(sha256(Buffer.from(s))).toString('hex');
    expect(hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
  });
});
