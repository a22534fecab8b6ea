// The README's quick start is this directory's quick-start.ts, verbatim, and it runs.
import { join } from 'node:path';
import { readmeHoldsVerbatim, runExample } from '../support/readme-example';

describe('the README quick start', () => {
  const example = join(__dirname, 'quick-start.ts');

  it('is quick-start.ts, verbatim', () => {
    expect(readmeHoldsVerbatim(example)).toBe(true);
  });

  it('runs: each command one block that verifies, and a ledger that verifies', () => {
    expect(runExample(example)).toBe('balance 2500 in block 3, verified: true\nevents: MoneyDeposited, statement: Deposit\nledger verified: true\n');
  });
});
