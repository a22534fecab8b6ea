// Seeded property tests over 10,000 random documents of every Ion type: ionHash against ion-hash-js
// (its hash reader over ion-js's reader of the same bytes), lossless round trips through text and
// binary, our binary reader against ion-js's, and plain-JS inputs against their Ion equivalents.
import { fromIon, toIon } from './ion-codec';
import { domOracleHash, hex, readerOracleHash } from './ion-hash-oracle.fixture';
import { ionHash } from './ion-hash';
import { readWithIonJs } from './ion-js-reader';
import { randomDocument, Random } from './ion-random.fixture';
import { fieldsToDate, isDateShaped, timestampFields } from './ion-timestamp-fields';
import { IonKind, ionKindOf } from './ion-kind';
import { Decimal, IonAnnotated, IonFloat, IonSexp, IonStruct, IonTypedNull, IonValue, isPlainObject, Timestamp } from './ion-value';
import { ValuePath } from './value-path';

const DOCUMENTS = 10_000;
const SEED = 20240521;

function documents(count: number, seed: number, unknownSymbols = false): IonValue[] {
  const random = new Random(seed);
  return Array.from({ length: count }, () => randomDocument(random, { unknownSymbols }));
}

/** Runs `check` on every document, collecting failures (with the document's text) instead of stopping at the first. */
function failures(sample: IonValue[], check: (doc: IonValue) => void): string[] {
  const failed: string[] = [];
  sample.forEach((doc, i) => {
    try {
      check(doc);
    } catch (error) {
      if (failed.length < 5) failed.push(`#${i} ${safeText(doc)}: ${(error as Error).message.slice(0, 400)}`);
      else failed.push(`#${i}`);
    }
  });
  return failed;
}

function safeText(doc: IonValue): string {
  try {
    return toIon(doc, 'text').slice(0, 300);
  } catch (error) {
    return `(unwritable: ${(error as Error).message})`;
  }
}

function same(actual: Uint8Array, expected: Uint8Array, what: string): void {
  if (hex(actual) !== hex(expected)) throw new Error(`${what}: ${hex(actual)} != ${hex(expected)}`);
}

/** How often each Ion kind and edge case occurs in the documents, to show the generator covers them. */
function coverage(sample: IonValue[]): Map<string, number> {
  const counts = new Map<string, number>();
  const count = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
  const path = new ValuePath();
  const visit = (value: IonValue): void => {
    const kind = IonKind[ionKindOf(value, path)];
    count(kind);
    if (typeof value === 'number' && Number.isNaN(value)) count('nan');
    if (value === Infinity || value === -Infinity) count('±inf');
    if (value instanceof IonFloat && Object.is(value.value, -0)) count('-0e0');
    if (typeof value === 'bigint' && (value >= 2n ** 64n || value < -(2n ** 64n))) count('int beyond 64 bits');
    if (value instanceof Decimal && value.isNegative() && value.getCoefficient() === 0n) count('decimal -0');
    if (value instanceof Decimal && Math.abs(value.getExponent()) > 100) count('decimal large exponent');
    if (value instanceof Timestamp) count(`timestamp ${timestampFields(value).offset === null ? 'unknown offset' : 'known offset'} precision ${timestampFields(value).precision}`);
    if (value instanceof Timestamp && timestampFields(value).fraction.length > 9) count('timestamp fraction > 9 digits');
    if (typeof value === 'string' && /[\x0b\x0c\x0e]/.test(value)) count('string with marker bytes');
    if (value instanceof IonStruct) count('repeated field names');
    if (value instanceof IonTypedNull) count(`null.${value.type}`);
    if (Array.isArray(value)) value.forEach(visit);
    else if (value instanceof IonSexp) value.items.forEach(visit);
    else if (value instanceof IonAnnotated) visit(value.value);
    else if (value instanceof IonStruct) value.fields.forEach(([, v]) => visit(v));
    else if (isPlainObject(value)) Object.values(value).forEach((v) => v !== undefined && visit(v));
  };
  sample.forEach(visit);
  return counts;
}

const docs = documents(DOCUMENTS, SEED);

describe(`${DOCUMENTS} random documents (seed ${SEED})`, () => {
  it('cover every Ion kind and edge case many times over', () => {
    const counts = coverage(docs);
    const expected = [
      ...Object.keys(IonKind).filter((k) => Number.isNaN(Number(k))),
      ...['bool', 'int', 'float', 'decimal', 'timestamp', 'symbol', 'string', 'clob', 'blob', 'list', 'sexp', 'struct'].map((t) => `null.${t}`),
      ...[1, 2, 3].map((p) => `timestamp unknown offset precision ${p}`),
      ...[4, 5].flatMap((p) => [`timestamp unknown offset precision ${p}`, `timestamp known offset precision ${p}`]),
      'nan', '±inf', '-0e0', 'int beyond 64 bits', 'decimal -0', 'decimal large exponent', 'timestamp fraction > 9 digits',
      'string with marker bytes', 'repeated field names',
    ];
    const thin = expected.filter((key) => (counts.get(key) ?? 0) < 20).map((key) => `${key}: ${counts.get(key) ?? 0}`);
    expect(thin).toEqual([]);
  });

  it('ionHash equals ion-hash-js hashing our binary through ion-js (hash reader)', () => {
    expect(failures(docs, (doc) => same(ionHash(doc), readerOracleHash(toIon(doc, 'binary')), 'binary'))).toEqual([]);
  });

  it('ionHash equals ion-hash-js hashing our text through ion-js (hash reader)', () => {
    expect(failures(docs, (doc) => same(ionHash(doc), readerOracleHash(toIon(doc, 'text')), 'text'))).toEqual([]);
  });

  it.each(['binary', 'text'] as const)('round trips losslessly through %s', (format) => {
    expect(failures(docs, (doc) => same(ionHash(fromIon(toIon(doc, format))), ionHash(doc), format))).toEqual([]);
  });

  it('our binary reader reads what ion-js reads, value for value', () => {
    expect(
      failures(docs, (doc) => {
        const bytes = toIon(doc, 'binary');
        const ours = fromIon(bytes);
        const theirs = readWithIonJs(bytes);
        if (toIon(ours, 'text') !== toIon(theirs, 'text')) throw new Error(`${toIon(ours, 'text')} != ${toIon(theirs, 'text')}`);
      }),
    ).toEqual([]);
  });
});

/**
 * The same document spelled with other plain-JS inputs of the same Ion value: numbers and bigints
 * swapped, Buffer for Uint8Array, Date for a millisecond timestamp at Z and back, IonFloat for floats,
 * IonStruct for plain objects.
 */
function respelled(value: IonValue): IonValue {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? BigInt(value) : new IonFloat(value);
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value;
  if (value instanceof IonFloat) return Number.isSafeInteger(value.value) ? value : value.value;
  if (Buffer.isBuffer(value)) return Uint8Array.from(value);
  if (value instanceof Uint8Array) return Buffer.from(value);
  if (value instanceof Date) return Timestamp.parse(value.toISOString())!;
  if (value instanceof Timestamp) {
    const fields = timestampFields(value);
    return isDateShaped(fields) ? fieldsToDate(fields) : value;
  }
  if (Array.isArray(value)) return value.map(respelled);
  if (value instanceof IonSexp) return new IonSexp(value.items.map(respelled));
  if (value instanceof IonAnnotated) return new IonAnnotated(value.annotations, respelled(value.value));
  if (value instanceof IonStruct) return new IonStruct(value.fields.map(([name, v]) => [name, respelled(v)]));
  if (isPlainObject(value)) {
    const fields = Object.entries(value).filter(([, v]) => v !== undefined) as Array<[string, IonValue]>;
    return new IonStruct(fields.map(([name, v]) => [name, respelled(v)]));
  }
  return value;
}

describe('the same documents in other plain-JS spellings', () => {
  it('hash the same (numbers/bigints, Buffer/Uint8Array, Date/Timestamp, IonFloat, IonStruct)', () => {
    expect(failures(docs, (doc) => same(ionHash(respelled(doc)), ionHash(doc), 'respelled'))).toEqual([]);
  });
});

describe('ion-hash-js digest() over ion-js DOM values (the way most users call it)', () => {
  it('agrees with ionHash on 2,000 other random documents', () => {
    expect(failures(documents(2000, SEED + 2), (doc) => same(ionHash(doc), domOracleHash(toIon(doc, 'binary')), 'dom'))).toEqual([]);
  });
});

describe('random documents with unknown-text symbols', () => {
  const withUnknownText = documents(2000, SEED + 1, true);

  it.each(['binary', 'text'] as const)('round trip losslessly through %s', (format) => {
    expect(failures(withUnknownText, (doc) => same(ionHash(fromIon(toIon(doc, format))), ionHash(doc), format))).toEqual([]);
  });
});
