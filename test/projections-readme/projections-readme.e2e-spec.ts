// The projections example of the streams page is this directory's balances.ts, and it runs.
import { join } from 'node:path';
import { pagesIncluding, runExample } from '../support/readme-example';

describe('the projections example', () => {
  const example = join(__dirname, 'balances.ts');

  it('is on docs/streams-and-projections.md (the docs spec checks it verbatim)', () => {
    expect(pagesIncluding(example)).toContain('docs/streams-and-projections.md');
  });

  it('runs: balances by SQL exactly once, notifications once per position, the same balance after a rebuild', () => {
    const output = runExample(example);
    expect(output.split('\n').sort()).toEqual(['', 'after rebuild: balance 3500', 'balance 3500, checkpoint 3:1', 'notify MoneyDeposited 2:0', 'notify MoneyDeposited 3:0'].sort());
  });
});
