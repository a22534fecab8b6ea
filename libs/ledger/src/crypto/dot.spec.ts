import { hashingVectors } from '../../../../test/support/vectors';
import { createHash } from 'node:crypto';
import { dot } from './dot';
import { InvalidHashError } from './errors';

const vectors = hashingVectors();
const bytes = (hex: string) => new Uint8Array(Buffer.from(hex, 'hex'));
const hex = (hash: Uint8Array) => Buffer.from(hash).toString('hex');

describe('dot', () => {
  it.each(vectors.dot as { a: string; b: string; dot: string }[])('matches the vector dot($a, $b)', (v) => {
    expect(hex(dot(bytes(v.a), bytes(v.b)))).toBe(v.dot);
    expect(hex(dot(bytes(v.b), bytes(v.a)))).toBe(v.dot);
  });

  it('orders by signed bytes from the last byte, hashing smaller-first', () => {
    const low = new Uint8Array(32).fill(0xff); // last byte -1
    const high = new Uint8Array(32);
    high[31] = 0x01;
    high[0] = 0x80; // the first byte does not matter once the last bytes differ
    const expected = createHash('sha256').update(low).update(high).digest('hex');
    expect(hex(dot(high, low))).toBe(expected);
    expect(hex(dot(low, high))).toBe(expected);
  });

  it('looks at earlier bytes only when the later ones are equal', () => {
    const a = new Uint8Array(32).fill(7);
    const b = new Uint8Array(32).fill(7);
    a[30] = 0x90; // -112
    b[30] = 0x10; // 16
    expect(hex(dot(b, a))).toBe(createHash('sha256').update(a).update(b).digest('hex'));
  });

  it('returns the other side when one side is empty, and empty for two empties', () => {
    const h = new Uint8Array(32).fill(3);
    expect(dot(new Uint8Array(0), h)).toEqual(h);
    expect(dot(h, new Uint8Array(0))).toEqual(h);
    expect(dot(new Uint8Array(0), new Uint8Array(0))).toHaveLength(0);
  });

  it('returns plain Uint8Arrays, so slice() copies', () => {
    const result = dot(new Uint8Array(32), new Uint8Array(32).fill(1));
    expect(Object.getPrototypeOf(result)).toBe(Uint8Array.prototype);
  });

  it.each([
    ['a 31-byte hash', new Uint8Array(31), /dot: a is Uint8Array\(31\)/],
    ['a string', 'abc', /dot: a is "abc"/],
    ['undefined', undefined, /dot: a is undefined/],
    ['an array of numbers', new Array(32).fill(0), /dot: a is array\(32\)/],
  ])('rejects %s with InvalidHashError naming the argument', (_, value, message) => {
    const call = () => dot(value as Uint8Array, new Uint8Array(32));
    expect(call).toThrow(InvalidHashError);
    expect(call).toThrow(message);
    expect(() => dot(new Uint8Array(32), value as Uint8Array)).toThrow(/dot: b is/);
  });

  it('gives its error the code INVALID_HASH and the offending value', () => {
    const bad = new Uint8Array(33);
    try {
      dot(new Uint8Array(32), bad);
      throw new Error('expected dot to throw');
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidHashError);
      expect((error as InvalidHashError).code).toBe('INVALID_HASH');
      expect((error as InvalidHashError).value).toBe(bad);
    }
  });
});
