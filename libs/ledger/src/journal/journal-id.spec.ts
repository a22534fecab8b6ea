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
});
