// A struct's Ion hash with some fields given by their digests (what a redacted event keeps) against
// ion-hash-js's hash of the whole struct: over seeded random structs of every Ion type (annotated
// and nested values included), with each field in turn, and all of them, replaced by its digest.
import { toIon } from './ion-codec';
import { hex, readerOracleHash } from './ion-hash-oracle.fixture';
import { ionFieldDigest, ionHash, ionHashWithFieldDigests } from './ion-hash';
import { randomDocument, Random } from './ion-random.fixture';
import { Decimal, IonAnnotated, IonStructObject, IonSymbol, Timestamp } from './ion-value';

const STRUCTS = 500;
const SEED = 20261206;

/** Seeded random structs of several fields each, every field value a random Ion value. */
function randomStructs(count: number): IonStructObject[] {
  const random = new Random(SEED);
  return Array.from({ length: count }, (_, n) => {
    const struct: IonStructObject = {};
    const fields = 1 + random.below(6);
    for (let i = 0; i < fields; i++) struct[`f${n % 7}_${i}`] = randomDocument(random);
    return struct;
  });
}

function without(struct: IonStructObject, names: readonly string[]): IonStructObject {
  return Object.fromEntries(Object.entries(struct).filter(([name]) => !names.includes(name)));
}

function hashWithDigestsFor(struct: IonStructObject, names: readonly string[]): string {
  return hex(ionHashWithFieldDigests(without(struct, names), names.map((name) => ionFieldDigest(name, struct[name]!))));
}

describe('ionHashWithFieldDigests', () => {
  const structs = randomStructs(STRUCTS);

  it('equals ion-hash-js on the whole struct with any one field replaced by its digest', () => {
    const failed: string[] = [];
    for (const struct of structs) {
      const expected = hex(readerOracleHash(toIon(struct, 'binary')));
      for (const name of Object.keys(struct)) {
        if (hashWithDigestsFor(struct, [name]) !== expected) failed.push(`${name} of ${toIon(struct, 'text').slice(0, 200)}`);
      }
    }
    expect(failed).toEqual([]);
  });

  it('equals ion-hash-js with every field replaced by its digest, and with none', () => {
    for (const struct of structs) {
      const expected = hex(readerOracleHash(toIon(struct, 'binary')));
      expect(hashWithDigestsFor(struct, Object.keys(struct))).toBe(expected);
      expect(hex(ionHashWithFieldDigests(struct, []))).toBe(expected);
    }
  });

  it('covers annotated, nested and marker-byte values in the replaced fields', () => {
    const struct: IonStructObject = {
      type: 'Opened',
      payload: new IonAnnotated(['pii', 'v2'], { name: 'Ana\x0b\x0e', nested: [{ amount: new Decimal(1205n, -2) }, new IonSymbol('x')], at: Timestamp.parse('2026-12-06T22:00:00.000Z') }),
      streamVersion: 3,
    };
    const expected = hex(readerOracleHash(toIon(struct, 'binary')));
    expect(hashWithDigestsFor(struct, ['payload'])).toBe(expected);
    expect(hex(ionHash(struct))).toBe(expected);
  });

  it('differs when the digest is of another value or stands under another name', () => {
    const struct: IonStructObject = { type: 'Opened', payload: { name: 'Ana' } };
    const rest = without(struct, ['payload']);
    expect(hex(ionHashWithFieldDigests(rest, [ionFieldDigest('payload', { name: 'Ben' })]))).not.toBe(hex(ionHash(struct)));
    expect(hex(ionHashWithFieldDigests(rest, [ionFieldDigest('data', { name: 'Ana' })]))).not.toBe(hex(ionHash(struct)));
  });
});
