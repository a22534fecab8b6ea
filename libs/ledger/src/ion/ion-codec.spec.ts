// fromIon / toIon: the value mapping of ledger-format.md §1 in both formats, the distinctions Ion
// keeps (1, 1., 1e0; :51Z and :51.000Z), plain-JS inputs against their Ion equivalents, and the
// ion-js timestamp rounding our own binary writer avoids; binary streams opening with a symbol table
// already met.
import { makeBinaryWriter, makeReader } from 'ion-js';
import { fromIon, toIon } from './ion-codec';
import { IonFormatError } from './ion-format.error';
import { hex, readerOracleHash } from './ion-hash-oracle.fixture';
import { ionHash } from './ion-hash';
import { IonHashSerializer } from './ion-hash-serializer';
import { identityFieldDigest } from './ion-hash-oracle.fixture';
import {
  Decimal,
  IonAnnotated,
  IonClob,
  IonFloat,
  IonSexp,
  IonStruct,
  IonSymbol,
  IonTypedNull,
  IonValue,
  Timestamp,
} from './ion-value';

/** Ion text as ion-js's own binary writer encodes it, so our binary reader is fed bytes it did not write. */
function ionJsBinary(text: string): Uint8Array {
  const reader = makeReader(text);
  reader.next();
  const writer = makeBinaryWriter();
  writer.writeValue(reader);
  writer.close();
  return writer.getBytes();
}

const readers: Array<[string, (text: string) => IonValue]> = [
  ['text', (text) => fromIon(text)],
  ['ion-js binary', (text) => fromIon(ionJsBinary(text))],
  ['our binary', (text) => fromIon(toIon(fromIon(text), 'binary'))],
];

describe.each(readers)('fromIon (%s) maps each Ion value to the model', (_format, read) => {
  it('ints: safe ones to number, others to bigint', () => {
    expect(read('5')).toBe(5);
    expect(read('-0')).toBe(0);
    expect(read('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
    expect(read('-9007199254740991')).toBe(-Number.MAX_SAFE_INTEGER);
    expect(read('9007199254740992')).toBe(2n ** 53n);
    expect(read('-340282366920938463463374607431768211456')).toBe(-(2n ** 128n));
  });

  it('floats: integral ones and -0e0 to IonFloat, the rest to number', () => {
    expect(read('1e0')).toEqual(new IonFloat(1));
    expect(read('5e3')).toEqual(new IonFloat(5000));
    const negativeZero = read('-0e0');
    expect(negativeZero).toBeInstanceOf(IonFloat);
    expect(Object.is((negativeZero as IonFloat).value, -0)).toBe(true);
    expect(read('0e0')).toEqual(new IonFloat(0));
    expect(read('1.5e0')).toBe(1.5);
    expect(read('1e21')).toBe(1e21);
    expect(read('nan')).toBeNaN();
    expect(read('+inf')).toBe(Infinity);
    expect(read('-inf')).toBe(-Infinity);
  });

  it('decimals always to Decimal, keeping precision and negative zero', () => {
    const value = read('1.50');
    expect(value).toBeInstanceOf(Decimal);
    expect((value as Decimal).getCoefficient()).toBe(150n);
    expect((value as Decimal).getExponent()).toBe(-2);
    const negativeZero = read('-0.000') as Decimal;
    expect([negativeZero.isNegative(), negativeZero.getCoefficient(), negativeZero.getExponent()]).toEqual([true, 0n, -3]);
    expect((read('123456789012345678901234567890d-5') as Decimal).getCoefficient()).toBe(123456789012345678901234567890n);
  });

  it('timestamps: milliseconds at known offset 0 to Date, everything else to Timestamp', () => {
    expect(read('2017-08-21T10:20:30.123Z')).toEqual(new Date(Date.UTC(2017, 7, 21, 10, 20, 30, 123)));
    expect(read('2017-08-21T10:20:30.000+00:00')).toEqual(new Date(Date.UTC(2017, 7, 21, 10, 20, 30)));
    expect(read('0050-01-01T00:00:00.000Z')).toEqual(new Date('0050-01-01T00:00:00.000Z'));
    for (const text of [
      '2017T',
      '2017-08T',
      '2017-08-21T',
      '2017-08-21T10:20Z',
      '2017-08-21T10:20:30Z',
      '2017-08-21T10:20:30.1Z',
      '2017-08-21T10:20:30.1234Z',
      '2017-08-21T10:20:30.123-00:00',
      '2017-08-21T10:20:30.123+01:00',
      '2001-02-03T04:05:06.123456789123456789-12:34',
    ]) {
      const value = read(text);
      expect(value).toBeInstanceOf(Timestamp);
      expect((value as Timestamp).toString()).toBe(text);
    }
  });

  it('symbols, strings, nulls, blobs, clobs', () => {
    expect(read('hello')).toEqual(new IonSymbol('hello'));
    expect(read("'with space'")).toEqual(new IonSymbol('with space'));
    expect(read('"hello"')).toBe('hello');
    expect(read('null')).toBeNull();
    expect(read('null.null')).toBeNull();
    expect(read('null.int')).toEqual(new IonTypedNull('int'));
    expect(read('null.struct')).toEqual(new IonTypedNull('struct'));
    expect(read('{{aGk=}}')).toEqual(new Uint8Array([0x68, 0x69]));
    expect(read('{{"hi"}}')).toEqual(new IonClob(new Uint8Array([0x68, 0x69])));
  });

  it('containers and annotations', () => {
    expect(read('[1, "a", [true]]')).toEqual([1, 'a', [true]]);
    expect(read('(a 1)')).toEqual(new IonSexp([new IonSymbol('a'), 1]));
    expect(read('{a:1, b:{c:[2]}}')).toEqual({ a: 1, b: { c: [2] } });
    expect(read('{a:1, b:2, a:3}')).toEqual(new IonStruct([['a', 1], ['b', 2], ['a', 3]]));
    expect(read('dollars::12.50')).toEqual(new IonAnnotated(['dollars'], new Decimal('12.50')));
    expect(read('a::b::null.int')).toEqual(new IonAnnotated(['a', 'b'], new IonTypedNull('int')));
  });

  it("keeps a field named __proto__ as a field, not the object's prototype", () => {
    const value = read('{__proto__: 1, a: 2}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['__proto__', 'a']);
    expect(Object.getOwnPropertyDescriptor(value, '__proto__')?.value).toBe(1);
  });
});

describe('the distinctions Ion keeps', () => {
  const kinds = ['1', '1.', '1e0', '1.0', '1.00'];
  const moments = ['2019-10-25T17:20:51Z', '2019-10-25T17:20:51.000Z', '2019-10-25T17:20:51.0Z', '2019-10-25T17:20:51.000-00:00'];

  it.each([['numbers', kinds], ['timestamps', moments]])('%s hash differently from one another', (_what, texts) => {
    const hashes = texts.map((text) => hex(ionHash(fromIon(text))));
    expect(new Set(hashes).size).toBe(texts.length);
    texts.forEach((text, i) => expect(hashes[i]).toBe(hex(readerOracleHash(text))));
  });

  it.each(['text', 'binary'] as const)('fromIon(toIon(v, %s)) preserves each of them', (format) => {
    for (const text of [...kinds, ...moments]) {
      const value = fromIon(text);
      expect(hex(ionHash(fromIon(toIon(value, format))))).toBe(hex(ionHash(value)));
    }
    expect(fromIon(toIon(fromIon('1.'), format))).toEqual(new Decimal('1.'));
    expect(fromIon(toIon(fromIon('1e0'), format))).toEqual(new IonFloat(1));
    expect(fromIon(toIon(fromIon('2019-10-25T17:20:51Z'), format))).toBeInstanceOf(Timestamp);
    expect(fromIon(toIon(fromIon('2019-10-25T17:20:51.000Z'), format))).toBeInstanceOf(Date);
  });
});

describe('plain JavaScript inputs hash like their Ion equivalents', () => {
  const cases: Array<[string, IonValue, string]> = [
    ['number', 5, '5'],
    ['bigint', 5n, '5'],
    ['big bigint', 2n ** 70n, '1180591620717411303424'],
    ['negative number', -300, '-300'],
    ['non-integral number', 90.25, '90.25e0'],
    ['non-safe integral number', 2 ** 60, '1152921504606846976e0'],
    ['-0 (an integer)', -0, '0'],
    ['Date', new Date(Date.UTC(2019, 9, 25, 17, 20, 21, 9)), '2019-10-25T17:20:21.009Z'],
    ['Date on a whole second', new Date(Date.UTC(2019, 9, 25, 17, 20, 21)), '2019-10-25T17:20:21.000Z'],
    ['Buffer', Buffer.from('hello'), '{{aGVsbG8=}}'],
    ['Uint8Array', new TextEncoder().encode('hello'), '{{aGVsbG8=}}'],
    ['string', 'CREATE TABLE Vehicle', '"CREATE TABLE Vehicle"'],
    ['nested object', { a: [1, { b: Buffer.from([1]), c: null }], d: true }, '{a:[1,{b:{{AQ==}},c:null}],d:true}'],
    ['object with an undefined field', { a: 1, b: undefined }, '{a:1}'],
    ['IonStruct without repeats', new IonStruct([['a', 1]]), '{a:1}'],
    ['Object.create(null)', Object.assign(Object.create(null), { a: 1 }), '{a:1}'],
  ];

  it.each(cases)('%s', (_name, value, text) => {
    expect(hex(ionHash(value))).toBe(hex(ionHash(fromIon(text))));
    expect(hex(ionHash(value))).toBe(hex(readerOracleHash(text)));
  });

  it('a Date hashes as the Timestamp of the same instant at millisecond precision', () => {
    const date = new Date(Date.UTC(2017, 7, 21, 10, 20, 30, 5));
    expect(hex(ionHash(date))).toBe(hex(ionHash(Timestamp.parse('2017-08-21T10:20:30.005Z')!)));
    expect(hex(ionHash(date))).not.toBe(hex(ionHash(Timestamp.parse('2017-08-21T10:20:30.005+00:01')!)));
  });
});

describe('seconds of 59.9995 and more (ion-js rounds them into the next minute)', () => {
  const text = '2000-12-31T23:59:59.99999Z';
  const value = Timestamp.parse(text)!;

  it('hash the timestamp itself: minute 59 of the last day of 2000', () => {
    const serialized = hex(new IonHashSerializer(identityFieldDigest).serialize(value));
    // offset Z, 2000-12-31 23:59, second 59, fraction exponent -5, coefficient 99999
    expect(serialized).toBe('0b60800fd08c9f97bbbbc501869f0e');
  });

  it('round trip through both formats', () => {
    expect((fromIon(toIon(value, 'binary')) as Timestamp).toString()).toBe(text);
    expect((fromIon(toIon(value, 'text')) as Timestamp).toString()).toBe(text);
  });

  it('is where ion-hash-js (via ion-js binary writer) differs: it hashes 2001-01-01T00:00:59.99999Z', () => {
    expect(hex(readerOracleHash(text))).toBe(hex(ionHash(Timestamp.parse('2001-01-01T00:00:59.99999Z')!)));
    expect(hex(readerOracleHash(text))).not.toBe(hex(ionHash(value)));
  });
});

describe('values ion-hash-js hashes differently, by design', () => {
  it('a NaN with a payload hashes as the canonical NaN, as it is the same JS value', () => {
    const payload = new DataView(new ArrayBuffer(8));
    payload.setUint32(0, 0x7ff00000);
    payload.setUint32(4, 1);
    expect(hex(ionHash(payload.getFloat64(0)))).toBe(hex(ionHash(NaN)));
    expect(hex(ionHash(NaN))).toBe(hex(readerOracleHash('nan')));
  });
});

describe('toIon', () => {
  it('returns a string for text and bytes starting with the version marker for binary', () => {
    expect(toIon({ a: 1 }, 'text')).toBe('{a:1}');
    expect([...toIon({ a: 1 }, 'binary').subarray(0, 4)]).toEqual([0xe0, 0x01, 0x00, 0xea]);
  });

  it('writes readable, exact text', () => {
    expect(toIon(fromIon('{VIN:"1N4", amount:90.25, at:2017-08-21T, n:null.int, s:(a b), f:x::1e0}'), 'text')).toBe(
      '{VIN:"1N4",amount:90.25,at:2017-08-21T,n:null.int,s:(a b),f:x::1e0}',
    );
    expect(toIon(new Decimal('-0.000'), 'text')).toBe('-0.000');
    expect(toIon(new Decimal('5d300'), 'text')).toBe('5d300');
    expect(toIon(new IonSymbol('null'), 'text')).toBe("'null'");
    expect(toIon(new IonFloat(-0), 'text')).toBe('-0e0');
    expect(toIon('quote " and \\ and \x0b', 'text')).toBe('"quote \\" and \\\\ and \\x0b"');
  });

  it('writes a symbol with unknown text through a symbol table slot without text, which reads back', () => {
    const value = [new IonSymbol(null), new IonSymbol('$10')];
    for (const format of ['text', 'binary'] as const) {
      expect(fromIon(toIon(value, format))).toEqual(value);
    }
  });

  it('gives the same bytes to the same document every time, and a copy the caller owns', () => {
    const first = toIon({ a: [1, 2], b: 'x' }, 'binary');
    const second = toIon({ a: [1, 2], b: 'x' }, 'binary');
    expect(second).toEqual(first);
    second[5] ^= 0xff;
    expect(toIon({ a: [1, 2], b: 'x' }, 'binary')).toEqual(first);
  });

  it('reads back strings short and long, ASCII or not, including U+FFFD itself and a leading BOM', () => {
    const texts = ['x'.repeat(12), 'x'.repeat(13), 'x'.repeat(40), `${'é'.repeat(20)}${'x'.repeat(20)}`, 'ab\ufffd'.repeat(10), `\ufeff${'x'.repeat(30)}`];
    for (const text of [...texts, ...texts.map((t) => `${t}😀`)]) {
      const bytes = toIon({ [text]: text }, 'binary');
      expect(fromIon(bytes)).toEqual({ [text]: text });
      expect(fromIon(Buffer.from(bytes))).toEqual({ [text]: text });
    }
  });

  it('encodes long values with VarUInt lengths and many local symbols', () => {
    const wide = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`field${i}`, 'x'.repeat(i)]));
    for (const format of ['text', 'binary'] as const) {
      expect(hex(ionHash(fromIon(toIon(wide, format))))).toBe(hex(ionHash(wide)));
    }
    expect(hex(ionHash(wide))).toBe(hex(readerOracleHash(toIon(wide, 'binary'))));
  });
});

describe('binary streams opening with the same symbol table (read once, then taken from its bytes)', () => {
  const IVM = [0xe0, 0x01, 0x00, 0xea];
  /** $ion_symbol_table::{symbols:["a"]}: $10 is "a". */
  const tableA = [0xe7, 0x81, 0x83, 0xd4, 0x87, 0xb2, 0x81, 0x61];
  /** $ion_symbol_table::{imports:$ion_symbol_table, symbols:["b"]}: appends $11, "b". */
  const appendB = [0xea, 0x81, 0x83, 0xd7, 0x86, 0x71, 0x03, 0x87, 0xb2, 0x81, 0x62];
  const bytes = (...parts: number[][]) => Uint8Array.from([...IVM, ...parts.flat()]);

  it('read the same values as the first time, whatever follows the table', () => {
    for (let round = 0; round < 3; round++) {
      expect(fromIon(bytes(tableA, [0x71, 0x0a]))).toEqual(new IonSymbol('a'));
      expect(fromIon(bytes(tableA, [0xd3, 0x8a, 0x21, 0x07]))).toEqual({ a: 7 });
      expect(fromIon(bytes(tableA, appendB, [0xb4, 0x71, 0x0a, 0x71, 0x0b]))).toEqual([new IonSymbol('a'), new IonSymbol('b')]);
    }
  });

  it('a table appended after a known opening table does not change what that table makes', () => {
    expect(fromIon(bytes(tableA, appendB, [0x71, 0x0b]))).toEqual(new IonSymbol('b'));
    expect(() => fromIon(bytes(tableA, [0x71, 0x0b]))).toThrow(/symbol ID 11 is not in the symbol table \(max ID 10\)/);
  });

  it('an opening table cut short is refused, though a whole one with the same start is known', () => {
    fromIon(bytes(tableA, [0x20]));
    expect(() => fromIon(bytes(tableA.slice(0, 6)))).toThrow(IonFormatError);
    expect(() => fromIon(bytes(tableA.slice(0, 6), [0x20]))).toThrow(IonFormatError);
  });
});
