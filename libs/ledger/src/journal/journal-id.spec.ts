import { isJournalId, newJournalId } from './journal-id';

describe('newJournalId', () => {
  it('writes 22 base62 characters', () => {
    for (let i = 0; i < 1000; i++) expect(isJournalId(newJournalId())).toBe(true);
    expect(isJournalId('short')).toBe(false);
    expect(isJournalId('0123456789abcdefghij-_')).toBe(false);
  });

  it('draws 128 random bits: no repeats, and the leading digit stays below 62^22 / 2^128 of the range', () => {
    const ids = Array.from({ length: 20000 }, newJournalId);
    expect(new Set(ids).size).toBe(ids.length);
    // 2^128 / 62^21 ≈ 7.6, so the first base62 digit of a 128-bit value is 0..7.
    expect(new Set(ids.map((id) => id[0]))).toEqual(new Set('01234567'));
  });

  it('writes each id as the base62 digits of a value below 2^128, as a BigInt conversion would', () => {
    const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
    for (let i = 0; i < 2000; i++) {
      const id = newJournalId();
      let value = 0n;
      for (const c of id) value = value * 62n + BigInt(BASE62.indexOf(c));
      expect(value < 2n ** 128n).toBe(true);
      let again = '';
      for (let rest = value, digit = 0; digit < 22; digit++, rest /= 62n) again = BASE62[Number(rest % 62n)] + again;
      expect(again).toBe(id);
    }
  });
});
