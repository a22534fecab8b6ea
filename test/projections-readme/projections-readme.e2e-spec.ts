// The README's projections example is this directory's balances.ts, verbatim, and it runs.
import { join } from 'node:path';
import { readmeHoldsVerbatim, runExample } from '../support/readme-example';

describe('the README projections example', () => {
  const example = join(__dirname, 'balances.ts');

  it('is balances.ts, verbatim', () => {
    expect(readmeHoldsVerbatim(example)).toBe(true);
  });

  it('runs: balances by SQL exactly once, notifications once per position, the same balance after a rebuild', () => {
    const output = runExample(example);
    expect(output.split('\n').sort()).toEqual(['', 'after rebuild: balance 3500', 'balance 3500, checkpoint 3:1', 'notify MoneyDeposited 2:0', 'notify MoneyDeposited 3:0'].sort());
  });
});
