// The getting-started page's Nest application is this directory's quick-start.ts, and it runs.
import { join } from 'node:path';
import { pagesIncluding, runExample } from '../support/readme-example';

describe('the getting-started Nest application', () => {
  const example = join(__dirname, 'quick-start.ts');

  it('is on docs/getting-started.md (the docs spec checks it verbatim)', () => {
    expect(pagesIncluding(example)).toContain('docs/getting-started.md');
  });

  it('runs: each command one block that verifies, and a ledger that verifies', () => {
    expect(runExample(example)).toBe('balance 2500 in block 3, verified: true\nevents: MoneyDeposited, statement: Deposit\nledger verified: true\n');
  });
});
