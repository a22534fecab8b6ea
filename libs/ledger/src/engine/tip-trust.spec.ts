// The committer's trust in its own tip: quiet batches earn it, a moved tip doubles how many it takes
// (up to MOST_QUIET_BATCHES_TO_TRUST), and a long run of trusted commits halves that again.
import { MOST_QUIET_BATCHES_TO_TRUST, TipTrust } from './tip-trust';

/** Commits batches until the tip is trusted, each read first and quiet; how many it took. */
function earn(trust: TipTrust): number {
  let batches = 0;
  while (!trust.trusted) {
    trust.committed(false, false);
    batches++;
  }
  return batches;
}

describe('TipTrust', () => {
  it('trusts the tip after one quiet batch at first, and not after a batch that found another writer', () => {
    const trust = new TipTrust();
    expect(trust.trusted).toBe(false);
    trust.committed(false, true);
    expect(trust.trusted).toBe(false);
    trust.committed(false, false);
    expect(trust.trusted).toBe(true);
    trust.othersSeen();
    expect(trust.trusted).toBe(false);
  });

  it('doubles the quiet batches it takes after each moved tip, up to the most', () => {
    const trust = new TipTrust();
    const taken: number[] = [];
    for (let i = 0; i < 9; i++) {
      earn(trust);
      trust.tipMoved();
      taken.push(trust.batchesToTrust);
    }
    expect(taken).toEqual([2, 4, 8, 16, 32, 64, 64, 64, 64]);
    expect(earn(trust)).toBe(MOST_QUIET_BATCHES_TO_TRUST);
  });

  it('halves it after every run of the most trusted commits in a row, down to one', () => {
    const trust = new TipTrust();
    for (let i = 0; i < 3; i++) {
      earn(trust);
      trust.tipMoved();
    }
    expect(trust.batchesToTrust).toBe(8);
    earn(trust);
    const halvings: number[] = [];
    for (let run = 0; run < 4; run++) {
      for (let i = 0; i < MOST_QUIET_BATCHES_TO_TRUST; i++) trust.committed(true, false);
      halvings.push(trust.batchesToTrust);
    }
    expect(halvings).toEqual([4, 2, 1, 1]);
  });

  it('counts only an unbroken run of trusted commits: a moved tip starts it again', () => {
    const trust = new TipTrust();
    earn(trust);
    trust.tipMoved();
    earn(trust);
    for (let i = 0; i < MOST_QUIET_BATCHES_TO_TRUST - 1; i++) trust.committed(true, false);
    trust.tipMoved();
    expect(trust.batchesToTrust).toBe(4);
    earn(trust);
    for (let i = 0; i < MOST_QUIET_BATCHES_TO_TRUST - 1; i++) trust.committed(true, false);
    expect(trust.batchesToTrust).toBe(4);
    trust.committed(true, false);
    expect(trust.batchesToTrust).toBe(2);
  });
});
