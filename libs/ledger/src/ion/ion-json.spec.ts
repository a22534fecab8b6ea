// The JSON mapping: plain JSON stays plain, every other Ion value travels as its Ion text, and the
// round trip keeps the Ion hash (type, precision and annotations included).
import { Decimal, Timestamp } from 'ion-js';
import { fromIon, fromIonJson, ionHash, toIon, toIonJson, type IonValue } from '.';

const hex = (value: IonValue) => Buffer.from(ionHash(value)).toString('hex');

describe('toIonJson / fromIonJson', () => {
  it('keeps plain JSON values as they are', () => {
    const plain = { name: 'Ana', n: 3, ok: true, none: null, list: [1, 'two', { three: 3 }] };
    expect(toIonJson(plain)).toEqual(plain);
  });

  it.each([
    ['a float', 1.5, { $ion: '1.5e0' }],
    ['a decimal', new Decimal('1.50'), { $ion: '1.50' }],
    ['a blob', new Uint8Array([1, 2, 3]), { $ion: '{{AQID}}' }],
    ['a big int', 2n ** 70n, { $ion: '1180591620717411303424' }],
    ['a timestamp at day precision', Timestamp.parse('2024-06-01T'), { $ion: '2024-06-01T' }],
  ])('writes %s as its Ion text', (_name, value, json) => {
    expect(toIonJson(value as IonValue)).toEqual(json);
    expect(hex(fromIonJson(JSON.parse(JSON.stringify(toIonJson(value as IonValue)))))).toBe(hex(value as IonValue));
  });

  it('round-trips annotated values, symbols, sexps and a struct whose only field is $ion', () => {
    const value = fromIon('{a: tag::[sym, (+ 1 2)], b: {\'$ion\': "not Ion text"}, c: null.int, d: 2024-06-01T00:00:00.000Z}');
    const json = JSON.parse(JSON.stringify(toIonJson(value)));
    expect(json.b).toEqual({ $ion: '{\'$ion\':"not Ion text"}' });
    expect(toIon(fromIonJson(json), 'text')).toBe(toIon(value, 'text'));
    expect(hex(fromIonJson(json))).toBe(hex(value));
  });

  it('refuses $ion text that is not Ion', () => {
    expect(() => fromIonJson({ $ion: '{{ not base64' })).toThrow(/Ion/);
    expect(() => fromIonJson({ $ion: 3 })).toThrow(/must hold Ion text/);
  });
});
