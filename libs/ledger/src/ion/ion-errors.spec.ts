// Bad input: JavaScript values outside the model give IonTypeError naming the value and its path,
// malformed Ion gives IonFormatError naming the problem and where; nothing ever throws a TypeError,
// even on thousands of corrupted inputs.
import { LedgerError } from '../errors';
import { fromIon, toIon } from './ion-codec';
import { IonFormatError } from './ion-format.error';
import { ionHash } from './ion-hash';
import { randomDocument, Random } from './ion-random.fixture';
import { IonTypeError } from './ion-type.error';
import {
  IonAnnotated,
  IonClob,
  IonFloat,
  IonSexp,
  IonStruct,
  IonSymbol,
  IonTypedNull,
  IonValue,
} from './ion-value';

const IVM = [0xe0, 0x01, 0x00, 0xea];
const binary = (...bytes: number[]) => Uint8Array.from([...IVM, ...bytes]);

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

function circularObject(): IonValue {
  const value: Record<string, unknown> = { a: 1 };
  value.self = { back: value };
  return value as IonValue;
}

function circularArray(): IonValue {
  const value: unknown[] = [1];
  value.push(value);
  return value as IonValue;
}

function nested(depth: number): IonValue {
  let value: IonValue = 1;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

class Vehicle {
  vin = 'x';
}

const badValues: Array<[string, unknown, string, string]> = [
  // name, value, path, words the message must hold
  ['undefined at the top', undefined, '$', 'undefined at $ is not an Ion value'],
  ['undefined in a list', { a: [1, undefined] }, '$.a[1]', 'undefined at $.a[1]'],
  ['a hole in a sparse list', { a: [1, , 3] }, '$.a[1]', 'undefined'],
  ['a function', { a: { b: [0, 1, function kick() {}] } }, '$.a.b[2]', 'function kick at $.a.b[2]'],
  ['a JS symbol', { s: Symbol('x') }, '$.s', 'Symbol(x) at $.s'],
  ['a Map', { m: new Map() }, '$.m', 'Map object at $.m'],
  ['a Set', [new Set([1])], '$[0]', 'Set object'],
  ['a class instance', { car: new Vehicle() }, '$.car', 'Vehicle object at $.car'],
  ['an Int8Array', { bytes: new Int8Array(2) }, '$.bytes', 'Int8Array object'],
  ['an ArrayBuffer', { bytes: new ArrayBuffer(2) }, '$.bytes', 'ArrayBuffer object'],
  ['a Uint8ClampedArray', new Uint8ClampedArray(1), '$', 'Uint8ClampedArray object'],
  ['a Promise', { p: Promise.resolve(1) }, '$.p', 'Promise object'],
  ['a circular object', circularObject(), '$.self.back', 'circular reference at $.self.back'],
  ['a circular array', circularArray(), '$[1]', 'circular reference at $[1]'],
  ['nesting over 1000 levels', nested(1200), `$${'[0]'.repeat(1000)}`, 'nested deeper than 1000 levels'],
  ['an Invalid Date', { at: new Date(NaN) }, '$.at', 'Invalid Date'],
  ['a Date after 9999', { at: new Date(Date.UTC(10000, 0, 1)) }, '$.at', 'year 10000'],
  ['a Date before year 1', { at: new Date(Date.UTC(-1, 0, 1)) }, '$.at', 'year -1'],
  ['an IonFloat of a string', { f: new IonFloat('1' as unknown as number) }, '$.f', '"1" at $.f in an IonFloat is not a number'],
  ['an IonSymbol of a number', [new IonSymbol(5 as unknown as string)], '$[0]', 'IonSymbol text is neither'],
  ['an IonTypedNull of no type', new IonTypedNull('date' as 'int'), '$', '"date" at $ is not an Ion type name'],
  ['an IonAnnotated without annotations', new IonAnnotated([], 1), '$', 'non-empty array of string annotations'],
  ['an IonAnnotated of a number annotation', new IonAnnotated([1 as unknown as string], 1), '$', 'string annotations'],
  ['nested IonAnnotated', new IonAnnotated(['a'], new IonAnnotated(['b'], 1)), '$', 'wraps another IonAnnotated'],
  ['an IonStruct field that is no pair', new IonStruct([['a', 1], 'b' as unknown as [string, IonValue]]), '$[1]', 'is not a [name, value] field'],
  ['an IonSexp without items', new IonSexp('x' as unknown as IonValue[]), '$', 'instead of an array'],
  ['an IonClob of numbers', new IonClob([1] as unknown as Uint8Array), '$', 'is not a Uint8Array'],
  ['a lone surrogate in a string', { a: { text: 'a\ud800b' } }, '$.a.text', 'unpaired UTF-16 surrogate'],
  ['a lone surrogate ending a long string', { a: `${'x'.repeat(40)}\ud800` }, '$.a', 'unpaired UTF-16 surrogate'],
  ['a lone surrogate in a long non-ASCII string', [`${'é'.repeat(40)}\udfff€`], '$[0]', 'unpaired UTF-16 surrogate'],
  ['a lone surrogate in a field name', { ['x\udc00']: 1 }, '$["x\\udc00"]', 'unpaired UTF-16 surrogate'],
  ['a lone surrogate in an annotation', [new IonAnnotated(['\ud800'], 1)], '$[0]', 'unpaired UTF-16 surrogate'],
];

describe('IonTypeError for values outside the model', () => {
  const writers: Array<[string, (value: IonValue) => unknown]> = [
    ['ionHash', (value) => ionHash(value)],
    ['toIon text', (value) => toIon(value, 'text')],
    ['toIon binary', (value) => toIon(value, 'binary')],
  ];

  describe.each(writers)('%s', (_writer, write) => {
    it.each(badValues)('%s', (_name, value, path, words) => {
      const error = thrown(() => write(value as IonValue));
      expect(error).toBeInstanceOf(IonTypeError);
      expect(error).toBeInstanceOf(LedgerError);
      expect(error).not.toBeInstanceOf(TypeError);
      const typeError = error as IonTypeError;
      expect(typeError.code).toBe('ION_TYPE');
      expect(typeError.path).toBe(path);
      expect(typeError.message).toContain(words);
      expect(typeError.message).toContain(path);
    });
  });

  it('names the same value and path whichever writer meets it', () => {
    for (const [, value] of badValues) {
      const messages = writers.map(([, write]) => (thrown(() => write(value as IonValue)) as Error).message);
      expect(new Set(messages).size).toBe(1);
    }
  });

  it('accepts a value shared by two branches (no cycle)', () => {
    const shared = { a: [1, 2] };
    expect(fromIon(toIon({ x: shared, y: shared }, 'binary'))).toEqual({ x: shared, y: shared });
  });

  it('refuses a top-level value that would read back as a symbol table or version marker', () => {
    for (const value of [
      new IonAnnotated(['$ion_symbol_table'], { symbols: ['a'] }),
      new IonSymbol('$ion_1_0'),
      new IonAnnotated(['note'], new IonSymbol('$ion_1_0')),
    ]) {
      for (const format of ['text', 'binary'] as const) {
        expect(thrown(() => toIon(value, format))).toBeInstanceOf(IonTypeError);
      }
      expect(ionHash(value)).toHaveLength(32);
      expect(fromIon(toIon([value], 'binary'))).toEqual([value]);
    }
  });

  it('refuses a bad format and a bad fromIon argument', () => {
    expect(thrown(() => toIon(1, 'json' as 'text'))).toBeInstanceOf(IonTypeError);
    expect((thrown(() => fromIon(42 as unknown as string)) as Error).message).toContain('not 42');
  });
});

const badText: Array<[string, string, string]> = [
  ['empty input', '', 'holds no value'],
  ['a dangling annotation', 'foo::', 'holds no value'],
  ['two values', '1 2', 'more than one top-level value'],
  ['an unclosed struct', '{a:1, b:', 'malformed Ion'],
  ['a missing comma', '{a:1 b:2}', "near $.a"],
  ['an empty list slot', '[1,,2]', 'near $[0]'],
  ['an unterminated string', '{s:"abc}', 'malformed Ion'],
  ['bad base64', '{{zz}}', 'base64'],
  ['month 13', '2020-13-01T', 'Month 13'],
  ['a number with junk', '1.2.3', 'malformed Ion'],
  ['an unknown symbol ID', '$99', 'malformed Ion'],
  ['symbol zero, which ion-js refuses in text', '$0', 'malformed Ion'],
  ['a field name with unknown text', '$ion_symbol_table::{symbols:[null]} {$10:1}', 'unknown text'],
];

const badBinary: Array<[string, Uint8Array, string]> = [
  ['only the version marker', binary(), 'holds no value'],
  ['a truncated int', binary(0x21), 'runs past the end'],
  ['two values', binary(0x21, 0x01, 0x21, 0x02), 'more than one top-level value; expected exactly one (at byte 6)'],
  ['reserved type code F', binary(0xf0), 'reserved type code 0xF (at byte 4)'],
  ['negative zero int', binary(0x30), 'negative zero'],
  ['a 3-byte float', binary(0x43, 0, 0, 0), 'float of 3 bytes'],
  ['a bool of 2', binary(0x12), 'bool with invalid representation'],
  ['an unknown symbol ID', binary(0x71, 0x63), 'symbol ID 99 is not in the symbol table'],
  ['invalid UTF-8', binary(0x82, 0xff, 0xfe), 'not valid UTF-8'],
  ['invalid UTF-8 ending a long string', binary(...typed(0x8, [...Array(20).fill(0x61), 0xff])), 'not valid UTF-8'],
  ['a surrogate encoded in a long string', binary(...typed(0x8, [...Array(20).fill(0x61), 0xed, 0xa0, 0x80])), 'not valid UTF-8'],
  ['February 30th', binary(0x68, 0x80, 0x0f, 0xe1, 0x82, 0x9e, 0x80, 0x80, 0x80), 'invalid timestamp'],
  ['a year past 9999 at offset 0 (a Date of year 12178)', binary(0x69, 0x80, 0x5f, 0x92, 0x81, 0x81, 0x80, 0x80, 0x80, 0xc3), 'invalid timestamp'],
  ['an hour without minutes', binary(0x66, 0x80, 0x0f, 0xe1, 0x82, 0x82, 0x80), 'hour without minutes'],
  ['a fraction of 1 or more', binary(0x6a, 0x80, 0x0f, 0xe1, 0x82, 0x82, 0x80, 0x80, 0x80, 0x81, 0x01), 'fractional second of 1 or more'],
  ['a fraction of 2^32 digits', binary(0x6d, 0x80, 0x0f, 0xe1, 0x82, 0x82, 0x80, 0x80, 0x80, 0x50, 0, 0, 0, 0x80, 0x01), 'more than 1000 digits'],
  ['an empty annotation wrapper', binary(0xe0), 'no content'],
  ['an annotation wrapper of an annotation wrapper', binary(0xe5, 0x81, 0x84, 0xe3, 0x81, 0x84, 0x20), 'cannot hold another'],
  ['a field name with unknown text ($0)', binary(0xd2, 0x80, 0x20), 'field name $0 has unknown text'],
  ['an annotation with unknown text ($0)', binary(0xe3, 0x81, 0x80, 0x20), 'annotation $0 has unknown text'],
  ['a container length past its end', binary(0xb3, 0x21, 0x01), 'runs past the end'],
  ['a child running past its container', binary(0xb2, 0x22, 0x01, 0x02), 'runs past the end'],
  ['an import without max_id', binary(...symbolTableImporting([]), 0x20), 'without a valid max_id'],
  ['an import of 2^40 symbols', binary(...symbolTableImporting([0x88, 0x26, 0x01, 0, 0, 0, 0, 0]), 0x20), 'without a valid max_id'],
  ['bytes that are neither binary nor UTF-8', Uint8Array.from([0xff, 0xfe, 0xfd]), 'neither Ion binary'],
  ['nesting over 1000 levels', deeplyNestedBinary(1100), 'nested deeper than 1000 levels'],
];

/** `$ion_symbol_table::{imports:[{name:"t", <extra fields>}]}` in binary. */
function symbolTableImporting(extraFields: number[]): number[] {
  const shared = typed(0xd, [0x84, 0x81, 0x74, ...extraFields]);
  const struct = typed(0xd, [0x86, ...typed(0xb, shared)]);
  return typed(0xe, [0x81, 0x83, ...struct]);
}

/** A type descriptor (with VarUInt length when 14 or more) and its body. */
function typed(typeCode: number, body: number[]): number[] {
  const header = body.length < 14 ? [(typeCode << 4) | body.length] : [(typeCode << 4) | 14, ...varUInt(body.length)];
  return [...header, ...body];
}

function deeplyNestedBinary(depth: number): Uint8Array {
  let value = [0x20];
  for (let i = 0; i < depth; i++) value = typed(0xb, value);
  return binary(...value);
}

function varUInt(value: number): number[] {
  const bytes = [(value & 0x7f) | 0x80];
  for (let rest = value >> 7; rest > 0; rest >>= 7) bytes.unshift(rest & 0x7f);
  return bytes;
}

describe('IonFormatError for malformed Ion', () => {
  it.each([...badText, ...badBinary] as Array<[string, string | Uint8Array, string]>)('%s', (_name, input, words) => {
    const error = thrown(() => fromIon(input));
    expect(error).toBeInstanceOf(IonFormatError);
    expect(error).toBeInstanceOf(LedgerError);
    expect((error as IonFormatError).code).toBe('ION_FORMAT');
    expect((error as IonFormatError).message).toContain(words);
  });

  it('reads the last millisecond of year 9999 as a Date, which hashes and is written again', () => {
    const lastMillisecond = fromIon(binary(0x6b, 0x80, 0x4e, 0x8f, 0x8c, 0x9f, 0x97, 0xbb, 0xbb, 0xc3, 0x03, 0xe7));
    expect((lastMillisecond as Date).toISOString()).toBe('9999-12-31T23:59:59.999Z');
    expect(ionHash(fromIon(toIon(lastMillisecond, 'binary')))).toEqual(ionHash(lastMillisecond));
  });

  it('names the byte offset in binary', () => {
    const bytes = toIon({ a: [1, 2, 3] }, 'binary');
    const corrupt = Uint8Array.from(bytes);
    corrupt[corrupt.length - 2] = 0xf0;
    expect((thrown(() => fromIon(corrupt)) as Error).message).toMatch(/reserved type code 0xF \(at byte \d+\)/);
  });
});

describe('nothing throws a TypeError', () => {
  const random = new Random(77);
  const documents = Array.from({ length: 1500 }, () => randomDocument(random, { unknownSymbols: true }));

  function onlyIonFormatErrors(inputs: Array<string | Uint8Array>): string[] {
    const wrong: string[] = [];
    for (const input of inputs) {
      try {
        fromIon(input);
      } catch (error) {
        if (!(error instanceof IonFormatError) && wrong.length < 5) wrong.push(`${(error as Error).stack}`);
      }
    }
    return wrong;
  }

  it('fromIon on 9,000 corrupted binary inputs: a value or IonFormatError', () => {
    const inputs: Uint8Array[] = [];
    for (const document of documents) {
      const bytes = toIon(document, 'binary');
      const flipped = Uint8Array.from(bytes);
      flipped[4 + random.below(bytes.length - 4)] ^= 1 << random.below(8);
      const replaced = Uint8Array.from(bytes);
      replaced[4 + random.below(bytes.length - 4)] = random.below(256);
      const inserted = Uint8Array.from([...bytes.subarray(0, 5), random.below(256), ...bytes.subarray(5)]);
      inputs.push(flipped, replaced, inserted, bytes.subarray(0, 4 + random.below(bytes.length - 4)));
      inputs.push(bytes.subarray(0, bytes.length - 1), Uint8Array.from([...bytes, ...random.bytes(3)]));
    }
    expect(onlyIonFormatErrors(inputs)).toEqual([]);
  });

  it('fromIon on 4,500 corrupted text inputs: a value or IonFormatError', () => {
    const inputs: string[] = [];
    for (const document of documents) {
      const text = toIon(document, 'text');
      const at = random.below(text.length + 1);
      const junk = String.fromCharCode(random.pick([0x22, 0x27, 0x7b, 0x7d, 0x5b, 0x5d, 0x28, 0x3a, 0x2c, 0x24, 0x30, 0x0a]));
      inputs.push(text.slice(0, at), text.slice(0, at) + junk + text.slice(at), text.slice(0, at) + text.slice(at + 1));
    }
    expect(onlyIonFormatErrors(inputs)).toEqual([]);
  });

  it('ionHash and toIon on documents with junk planted at random depths: IonTypeError', () => {
    const junk = [undefined, () => 1, Symbol('s'), new Map(), new Vehicle(), new Int16Array(1), new IonFloat(null as unknown as number)];
    const wrong: string[] = [];
    documents.forEach((document, i) => {
      const planted = [document, { deep: [junk[i % junk.length]] }] as IonValue;
      for (const run of [() => ionHash(planted), () => toIon(planted, 'text'), () => toIon(planted, 'binary')]) {
        const error = thrown(run);
        if (!(error instanceof IonTypeError) || (error as IonTypeError).path !== '$[1].deep[0]') {
          wrong.push(String(error));
        }
      }
    });
    expect(wrong.slice(0, 5)).toEqual([]);
  });
});
