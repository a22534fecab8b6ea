// toIonValue: ion-js values of any copy of ion-js become exactly their Ion value wherever they sit,
// the rest is checked and returned as given; toIon, ionHash and toIonJson take ion-js values too.
// (The write paths of the ledger are covered by test/ion-fidelity.e2e-spec.ts.)
import { dom, Decimal } from 'ion-js';
import { readerOracleHash } from './ion-hash-oracle.fixture';
import { fromIon, ionHash, IonTypeError, toIon, toIonJson, toIonValue, toSqlParameter } from '.';
import { IonAnnotated, IonClob, IonSexp, Timestamp } from './ion-value';

let foreign: typeof import('ion-js');
jest.isolateModules(() => {
  foreign = require('ion-js');
});

const text = (value: unknown) => toIon(toIonValue(value), 'text');

describe('toIonValue', () => {
  it('recognises the dom values of a second copy of ion-js as well as its own', () => {
    expect(foreign.dom.Value).not.toBe(dom.Value);
    for (const ion of ['a::2020-02-02T10:11:12+05:30', '{{"c"}}', '()', 'x::[y::1]', '{a:1,a:2}', '-0.', 'null.sexp']) {
      expect(text(foreign.dom.load(ion))).toBe(text(dom.load(ion)));
      expect(Buffer.from(ionHash(toIonValue(foreign.dom.load(ion))))).toEqual(Buffer.from(readerOracleHash(ion)));
    }
  });

  it('maps the Date, Uint8Array and Array subclasses of dom to their own Ion types, not to timestamp(ms), blob and list', () => {
    expect(toIonValue(dom.load('2020-02-02'))).toBeInstanceOf(Timestamp);
    expect(toIonValue(dom.load('{{"c"}}'))).toBeInstanceOf(IonClob);
    expect(toIonValue(dom.load('()'))).toBeInstanceOf(IonSexp);
    expect(toIonValue(dom.load('a::[]'))).toEqual(new IonAnnotated(['a'], []));
  });

  it('keeps a Decimal of another ion-js copy exactly, negative zero included', () => {
    expect(text(new foreign.Decimal(0n, -2, true))).toBe('-0.00');
    expect(text(foreign.Timestamp.parse('2020-02-02T10:11-00:00'))).toBe('2020-02-02T10:11-00:00');
  });

  it('returns the value itself when nothing in it is an ion-js value, and copies only what changed', () => {
    const plain = { a: [1, { b: new Decimal('1.5') }], c: 'd' };
    expect(toIonValue(plain)).toBe(plain);
    const mixed = { keep: plain.a, change: [dom.load('1')] };
    const converted = toIonValue(mixed) as typeof mixed;
    expect(converted).not.toBe(mixed);
    expect(converted.keep).toBe(plain.a);
    expect(converted.change).toEqual([1]);
  });

  it('merges the annotations of an IonAnnotated around an annotated dom value: a::b::v', () => {
    expect(text(new IonAnnotated(['a'], dom.load('b::1') as never))).toBe('a::b::1');
  });

  it('converts a value shared many times over once (no blow-up on a value of 2^40 paths)', () => {
    let shared: unknown = dom.load('[1]');
    for (let i = 0; i < 40; i++) shared = [shared, shared];
    const converted = toIonValue(shared) as unknown[];
    expect(converted[0]).toBe(converted[1]);
  });

  it('refuses what is not Ion with IonTypeError naming the value and its path', () => {
    const circular: unknown[] = [];
    circular.push(circular);
    expect(() => toIonValue({ a: [1, () => 1] })).toThrow(/function \(anonymous\) at \$\.a\[1\]/);
    expect(() => toIonValue({ a: [circular] })).toThrow(/circular reference at \$\.a\[0\]/);
    expect(() => toIonValue([new dom.Integer(1.5)])).toThrow(/at \$\[0\] is an ion-js int holding 1\.5/);
    expect(() => toIonValue(new Number(1))).toThrow(IonTypeError);
  });
});

describe('toIon, ionHash and toIonJson take ion-js values', () => {
  it('as the Ion value they stand for', () => {
    const value = [dom.load('2020-02-02T10:11:12+05:30'), dom.load('{{"c"}}')];
    expect(toIon(value as never, 'text')).toBe('[2020-02-02T10:11:12+05:30,{{"c"}}]');
    expect(Buffer.from(ionHash(value as never))).toEqual(Buffer.from(readerOracleHash('[2020-02-02T10:11:12+05:30, {{"c"}}]')));
    expect(toIonJson(value as never)).toEqual([{ $ion: '2020-02-02T10:11:12+05:30' }, { $ion: '{{"c"}}' }]);
    expect(fromIon(toIon(value as never, 'binary'))).toEqual(toIonValue(value));
  });
});

describe('toSqlParameter', () => {
  it('binds Ion values as the SQL value of exactly them and refuses containers and annotations', () => {
    expect(toSqlParameter(dom.load('12.50'), 0)).toBe('12.50');
    expect(toSqlParameter(dom.load('2020-02-02T10:11:12-00:00'), 0)).toBe('2020-02-02T10:11:12-00:00');
    expect(toSqlParameter(new Date('2020-02-02T10:11:12.345Z'), 0)).toBe('2020-02-02T10:11:12.345Z');
    expect(toSqlParameter(dom.load('null.int'), 0)).toBeNull();
    expect(toSqlParameter(dom.load('1e0'), 0)).toBe(1);
    expect(toSqlParameter(dom.load('sym'), 0)).toBe('sym');
    expect(toSqlParameter(7, 0)).toBe(7);
    expect(() => toSqlParameter(dom.load('a::1'), 1)).toThrow(/SQL parameter 2.*annotated/);
    expect(() => toSqlParameter([1], 2)).toThrow(/SQL parameter 3.*no SQL value/);
  });
});
