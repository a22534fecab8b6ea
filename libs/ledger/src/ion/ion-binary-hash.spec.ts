// ionHashOfBinary against ionHash(fromIon(bytes)) and ion-hash-js: random documents written by our
// writer and by ion-js's, hand-made non-canonical encodings, symbol tables, and truncations and
// corruptions of valid input (the same error). The walk alone must succeed exactly where fromIon
// does, so the decoding fallback is only ever taken for input fromIon refuses.
import { makeBinaryWriter, makeReader } from 'ion-js';
import { hashBinaryWalk, ionHashOfBinary } from './ion-binary-hash';
import { isIonBinary } from './ion-binary-reader';
import { fromIon, toIon } from './ion-codec';
import { hex, readerOracleHash } from './ion-hash-oracle.fixture';
import { ionHash } from './ion-hash';
import { Random, randomDocument } from './ion-random.fixture';
import { IonValue } from './ion-value';

const SEED = 20261207;
const IVM = [0xe0, 0x01, 0x00, 0xea];

/** The hash as hex, or the error's class and message: what a caller can tell of the outcome. */
function outcome(hash: () => Uint8Array): string {
  try {
    return hex(hash());
  } catch (error) {
    return `${(error as Error).constructor.name}: ${(error as Error).message}`;
  }
}

/**
 * A problem with `bytes`, or undefined: ionHashOfBinary differs from ionHash(fromIon), or the walk
 * alone (before any fallback) gives another hash or a hash where fromIon refuses.
 */
function problem(bytes: Uint8Array): string | undefined {
  const expected = outcome(() => ionHash(fromIon(bytes)));
  const actual = outcome(() => ionHashOfBinary(bytes));
  if (actual !== expected) return `${hex(bytes)}: ${actual} != ${expected}`;
  if (!isIonBinary(bytes)) return undefined;
  const walked = outcome(() => hashBinaryWalk(bytes));
  if (isHash(expected) ? walked !== expected : isHash(walked)) return `${hex(bytes)}: the walk gives ${walked}, fromIon ${expected}`;
  return undefined;
}

function isHash(outcome: string): boolean {
  return /^[0-9a-f]{64}$/.test(outcome);
}

function problems(inputs: Iterable<Uint8Array>): string[] {
  const found: string[] = [];
  for (const bytes of inputs) {
    const p = problem(bytes);
    if (p !== undefined && found.push(p.slice(0, 600)) >= 5) break;
  }
  return found;
}

function documents(count: number, seed: number, unknownSymbols = false): IonValue[] {
  const random = new Random(seed);
  return Array.from({ length: count }, () => randomDocument(random, { unknownSymbols }));
}

/** `value`'s Ion text re-encoded by ion-js's binary writer: its symbol tables, lengths and layout, not ours. */
function ionJsBinary(value: IonValue): Uint8Array {
  const writer = makeBinaryWriter();
  writer.writeValues(makeReader(toIon(value, 'text')));
  writer.close();
  return writer.getBytes();
}

function binary(...bytes: number[]): Uint8Array {
  return Uint8Array.from([...IVM, ...bytes]);
}

/** Lists nested `depth` deep, each length a 2-byte VarUInt. */
function nestedLists(depth: number): Uint8Array {
  const out = new Uint8Array(4 + 3 * depth);
  out.set(IVM);
  for (let level = 0; level < depth; level++) {
    const length = 3 * (depth - level - 1);
    out.set([0xbe, length >> 7, (length & 0x7f) | 0x80], 4 + 3 * level);
  }
  return out;
}

describe('ionHashOfBinary on random documents', () => {
  const docs = documents(3000, SEED);

  it.each([
    ['our binary', (doc: IonValue) => toIon(doc, 'binary')],
    ["ion-js's binary of the same documents", ionJsBinary],
  ])('equals ionHash(fromIon) and ion-hash-js on %s', (_name, encode) => {
    const inputs = docs.map(encode);
    expect(problems(inputs)).toEqual([]);
    const oracle = inputs.filter((bytes) => hex(ionHashOfBinary(bytes)) !== hex(readerOracleHash(bytes)));
    expect(oracle.map(hex).slice(0, 3)).toEqual([]);
  });

  it('equals ionHash(fromIon) on documents with unknown-text symbols', () => {
    expect(problems(documents(1000, SEED + 1, true).map((doc) => toIon(doc, 'binary')))).toEqual([]);
  });

  it('gives the same outcome as ionHash(fromIon) on truncations (every byte up to 16, then every sixteenth part) and random corruptions', () => {
    const random = new Random(SEED + 2);
    const inputs: Uint8Array[] = [];
    for (const doc of docs.slice(0, 300)) {
      const bytes = toIon(doc, 'binary');
      for (let end = 0; end < bytes.length; end += 1 + (end >> 4)) inputs.push(bytes.subarray(0, end));
      for (let i = 0; i < 10; i++) {
        const corrupt = Uint8Array.from(bytes);
        corrupt[4 + random.below(corrupt.length - 4)] = random.below(256);
        inputs.push(corrupt);
      }
    }
    expect(problems(inputs)).toEqual([]);
  });
});

describe('ionHashOfBinary on hand-made encodings', () => {
  const cases: Record<string, number[]> = {
    'padded VarUInt length': [0x8e, 0x00, 0x00, 0x82, 0x68, 0x69],
    'overlong length form for a short string': [0x8e, 0x82, 0x68, 0x69],
    'int padded with zero bytes': [0x23, 0x00, 0x00, 0x05],
    'negative int padded with zero bytes': [0x33, 0x00, 0x00, 0x05],
    'int zero with an empty body and with a zero byte': [0xb3, 0x20, 0x21, 0x00],
    'negative zero int (refused)': [0x30],
    'negative zero int with a zero byte (refused)': [0x31, 0x00],
    'int beyond 64 bits with padding': [0x2a, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09],
    '32-bit float': [0x44, 0x3f, 0xc0, 0x00, 0x00],
    '32-bit float NaN': [0x44, 0x7f, 0xc0, 0x00, 0x01],
    'float of 2 bytes (refused)': [0x42, 0x00, 0x00],
    'every typed null, negative int null included': [0xbe, 0x8e, 0x0f, 0x1f, 0x2f, 0x3f, 0x4f, 0x5f, 0x6f, 0x7f, 0x8f, 0x9f, 0xaf, 0xbf, 0xcf, 0xdf],
    'bools and an invalid bool (refused)': [0xb3, 0x10, 0x11, 0x12],
    'annotation wrapper null (refused)': [0xef],
    'reserved type 0xF (refused)': [0xf0],
    'symbol $0 (unknown text)': [0x70],
    'symbol ID past the table (refused)': [0x71, 0x0a],
    'symbol ID padded with zero bytes': [0x72, 0x00, 0x04],
    'system symbols as values in a list': [0xb4, 0x71, 0x04, 0x71, 0x09],
    'struct fields in any order, a name repeated': [0xd9, 0x84, 0x21, 0x01, 0x85, 0x21, 0x02, 0x84, 0x21, 0x03],
    'ordered struct (0xD1) with its length': [0xd1, 0x86, 0x84, 0x21, 0x01, 0x85, 0x21, 0x02],
    'NOP padding in a struct, a list and at top level': [0x00, 0x01, 0xff, 0xd8, 0x84, 0x01, 0xff, 0x85, 0xb3, 0x20, 0x00, 0x20, 0x00],
    'NOP padding field with an unknown sid': [0xd3, 0xff, 0x01, 0x00],
    'struct field named $0 (refused)': [0xd2, 0x80, 0x20],
    'struct field with an out-of-range sid (refused)': [0xd2, 0xff, 0x20],
    'struct ending inside a field (refused)': [0xd1, 0x84],
    'annotations (name::version::) on a nested value': [0xb5, 0xe4, 0x82, 0x84, 0x85, 0x20],
    'top-level annotated int': [0xe5, 0x82, 0x84, 0x85, 0x21, 0x07],
    'annotation wrapper holding NOP (refused)': [0xd5, 0x84, 0xe3, 0x81, 0x84, 0x00],
    'annotation wrapper holding another (refused)': [0xb6, 0xe5, 0x81, 0x84, 0xe3, 0x81, 0x84, 0x20],
    'annotation wrapper with an unknown-text annotation (refused)': [0xb4, 0xe3, 0x81, 0x80, 0x20],
    'annotation wrapper length mismatch (refused)': [0xb5, 0xe3, 0x81, 0x84, 0x21, 0x01],
    'string with marker bytes': [0x85, 0x61, 0x0b, 0x0c, 0x0e, 0x62],
    'string with a BOM and U+FFFD': [0x86, 0xef, 0xbb, 0xbf, 0xef, 0xbf, 0xbd],
    'string with a 4-byte character': [0x84, 0xf0, 0x9f, 0x98, 0x80],
    'string with an overlong encoding (refused)': [0x82, 0xc0, 0xaf],
    'string with a surrogate (refused)': [0x83, 0xed, 0xa0, 0x80],
    'string past U+10FFFF (refused)': [0x84, 0xf4, 0x90, 0x80, 0x80],
    'string with a truncated character (refused)': [0x82, 0xe2, 0x82],
    'long non-ASCII string with an invalid byte (refused)': [0x8e, 0x90, ...Array(15).fill(0xc3).flatMap((b) => [b, 0xa9]).slice(0, 15), 0xff],
    'clob and blob with marker bytes': [0xb6, 0x92, 0x0b, 0x0e, 0xa2, 0x0c, 0x0e],
    'decimal and timestamp': [0xb9, 0x52, 0xc1, 0x05, 0x65, 0x80, 0x0f, 0xd0, 0x81, 0x81],
    'sexp': [0xc2, 0x21, 0x01],
    'value length past its container (refused)': [0xb2, 0x83, 0x61],
    'value body shorter than its length (refused)': [0xb3, 0x21, 0x01],
    'a second top-level value (refused)': [0x21, 0x01, 0x21, 0x02],
    'no value (refused)': [],
    'only NOP padding (refused)': [0x00],
    'top-level $ion_1_0 symbol before the value': [0x71, 0x02, 0x21, 0x05],
    'a version marker after the value': [0x21, 0x05, ...IVM],
    'a version marker resetting a local symbol table (refused)': [0xe7, 0x81, 0x83, 0xd4, 0x87, 0xb2, 0x81, 0x61, ...IVM, 0x71, 0x0a],
    'local symbol table, then its symbol as field name and value':
      [0xe7, 0x81, 0x83, 0xd4, 0x87, 0xb2, 0x81, 0x61, 0xd3, 0x8a, 0x71, 0x0a],
    'appended symbol table (imports: $ion_symbol_table)':
      [0xe7, 0x81, 0x83, 0xd4, 0x87, 0xb2, 0x81, 0x61, 0xea, 0x81, 0x83, 0xd7, 0x86, 0x71, 0x03, 0x87, 0xb2, 0x81, 0x62, 0xb4, 0x71, 0x0a, 0x71, 0x0b],
    'shared table import: symbols of unknown text':
      [0xee, 0x8c, 0x81, 0x83, 0xd9, 0x86, 0xb7, 0xd6, 0x84, 0x81, 0x73, 0x88, 0x21, 0x02, 0x71, 0x0b],
    'symbol table with a null symbol slot': [0xe7, 0x81, 0x83, 0xd4, 0x87, 0xb2, 0x80, 0x00, 0x71, 0x0a],
    'a struct annotated $ion_symbol_table but not first': [0xe4, 0x82, 0x84, 0x83, 0xd0],
    'a list annotated $ion_symbol_table (data)': [0xe3, 0x81, 0x83, 0xb0],
    'NOP padding with a long length': [0x0e, 0x83, 0x00, 0x00, 0x00, 0x20],
  };

  it.each(Object.entries(cases))('%s', (name, bytes) => {
    expect(problem(binary(...bytes))).toBeUndefined();
    const refused = /^IonFormatError: /.test(outcome(() => ionHashOfBinary(binary(...bytes))));
    expect(refused).toBe(name.endsWith('(refused)'));
  });

  it('containers nested 1000 deep are hashed, 1001 deep refused as fromIon refuses them', () => {
    expect(problem(nestedLists(1000))).toBeUndefined();
    expect(outcome(() => ionHashOfBinary(nestedLists(1000)))).toMatch(/^[0-9a-f]{64}$/);
    expect(problem(nestedLists(1001))).toBeUndefined();
    expect(outcome(() => ionHashOfBinary(nestedLists(1001)))).toMatch(/^IonFormatError: .*deeper than 1000/);
  });

  it('Ion text bytes (no version marker) hash as fromIon reads them', () => {
    expect(problem(new TextEncoder().encode('{a: 1, b: "x"}'))).toBeUndefined();
    expect(problem(Uint8Array.from([0xff, 0xfe]))).toBeUndefined();
  });
});
