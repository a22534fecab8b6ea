import { compareBytes, ionOrderKey, OrderFamily } from './ion-order-key';
import { Decimal, IonAnnotated, IonClob, IonFloat, IonSymbol, IonTypedNull, Timestamp, type IonValue } from './ion-value';

const key = (value: IonValue) => ionOrderKey(value) as Uint8Array;
const order = (a: IonValue, b: IonValue) => Math.sign(compareBytes(key(a), key(b)));

/** A tiny seeded generator, so a failure replays. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** An exact rational view of a number: [numerator, denominator] as bigints. */
function rational(value: number | bigint | Decimal): [bigint, bigint] {
  if (typeof value === 'bigint') return [value, 1n];
  if (value instanceof Decimal) {
    const exponent = value.getExponent();
    return exponent >= 0 ? [value.getCoefficient() * 10n ** BigInt(exponent), 1n] : [value.getCoefficient(), 10n ** BigInt(-exponent)];
  }
  return rational(new Decimal(String(value).replace('e', 'd').replace('+', '')));
}

function exactOrder(a: number | bigint | Decimal, b: number | bigint | Decimal): number {
  const [an, ad] = rational(a);
  const [bn, bd] = rational(b);
  const difference = an * bd - bn * ad;
  return difference === 0n ? 0 : difference < 0n ? -1 : 1;
}

describe('ionOrderKey', () => {
  it('gives equal numbers of every Ion numeric type one key', () => {
    const one = [1, 1n, new Decimal('1.000'), new Decimal('1'), new IonFloat(1), new Decimal(10n, -1), usd(new Decimal('1.0'))];
    for (const value of one) expect(key(value)).toEqual(key(1));
    expect(key(new Decimal('-0.00'))).toEqual(key(0));
    expect(key(-0)).toEqual(key(0n));
  });

  it('orders numbers by value across types, including huge and tiny ones', () => {
    const sorted: IonValue[] = [
      -Infinity,
      new Decimal('-1d30'),
      -(2n ** 80n),
      -1.5,
      new Decimal('-1.25'),
      -1,
      new Decimal('-0.001'),
      0,
      5e-324,
      new Decimal('0.1'),
      0.30000000000000004,
      new Decimal('1.0000000000000000000001'),
      2,
      new Decimal('12.5'),
      12.75,
      2n ** 70n,
      1e300,
      Infinity,
    ];
    for (let i = 1; i < sorted.length; i++) expect([sorted[i - 1], order(sorted[i - 1], sorted[i])]).toEqual([sorted[i - 1], -1]);
  });

  it('agrees with exact arithmetic on 20,000 random pairs of ints, floats and decimals', () => {
    const next = random(7);
    const pick = (): number | bigint | Decimal => {
      const digits = String(Math.floor(next() * 1e6)).padStart(1, '0');
      const sign = next() < 0.5 ? '-' : '';
      switch (Math.floor(next() * 4)) {
        case 0:
          return Number(`${sign}${digits}`);
        case 1:
          return BigInt(`${sign}${digits}`) * 10n ** BigInt(Math.floor(next() * 25));
        case 2:
          return Number(`${sign}${digits}e${Math.floor(next() * 40) - 20}`);
        default:
          return new Decimal(`${sign}${digits}d${Math.floor(next() * 40) - 20}`);
      }
    };
    const wrong: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const [a, b] = [pick(), pick()];
      if (order(a, b) !== exactOrder(a, b)) wrong.push(`${a} vs ${b}`);
    }
    expect(wrong).toEqual([]);
  });

  it('orders timestamps by instant, whatever their precision, offset and type', () => {
    expect(key(Timestamp.parse('2017-01-01T')!)).toEqual(key(new Date('2017-01-01T00:00:00.000Z')));
    expect(key(Timestamp.parse('2017-01-02T03:04+01:00')!)).toEqual(key(Timestamp.parse('2017-01-02T02:04:00.0000Z')!));
    expect(order(Timestamp.parse('2017-01-02T03:04:05.0061Z')!, new Date('2017-01-02T03:04:05.006Z'))).toBe(1);
    expect(order(Timestamp.parse('1969-07-20T20:18Z')!, Timestamp.parse('1970T')!)).toBe(-1);
    expect(order(Timestamp.parse('0001-01-01T')!, Timestamp.parse('9999-12-31T23:59:59.999Z')!)).toBe(-1);
    expect(order(Timestamp.parse('2016-03-01T')!, Timestamp.parse('2016-02-29T23:59Z')!)).toBe(1);
  });

  it('orders text by code point, strings and symbols alike', () => {
    expect(key(new IonSymbol('abc'))).toEqual(key('abc'));
    expect(order('ab', 'abc')).toBe(-1);
    expect(order('\uffff', '\u{1F600}')).toBe(-1);
    expect(order('Z', 'a')).toBe(-1);
  });

  it('keeps families apart and in order, and gives unordered values no key', () => {
    const families = [true, -1e300, new Date(0), '', new Uint8Array([0])];
    for (let i = 1; i < families.length; i++) expect(order(families[i - 1], families[i])).toBe(-1);
    expect(key(new IonClob(new Uint8Array([1, 2])))).toEqual(key(new Uint8Array([1, 2])));
    expect(key(false)[0]).toBe(OrderFamily.Bool);
    for (const value of [null, new IonTypedNull('int'), [1], { a: 1 }, NaN, new IonSymbol(null)]) expect(ionOrderKey(value)).toBeUndefined();
  });
});

function usd(value: IonValue): IonAnnotated {
  return new IonAnnotated(['usd'], value);
}
