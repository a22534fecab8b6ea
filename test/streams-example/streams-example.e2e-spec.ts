// The streams page's example is this directory's streams-example.ts, and it runs.
import { join } from 'node:path';
import { pagesIncluding, runExample } from '../support/readme-example';

describe('the streams example', () => {
  const example = join(__dirname, 'streams-example.ts');

  it('is on docs/streams-and-projections.md (the docs spec checks it verbatim)', () => {
    expect(pagesIncluding(example)).toContain('docs/streams-and-projections.md');
  });

  it('runs: live deposits typed by their class, then every block rebuilt from its records and verified', () => {
    expect(runExample(example)).toBe(
      [
        'deposited 100 at block 2, event 0',
        'deposited 250 at block 3, event 0',
        'block 0: 0 revision(s), verified: true',
        'block 1: 1 revision(s), verified: true',
        'block 2: 1 revision(s), verified: true',
        'block 3: 1 revision(s), verified: true',
        '',
      ].join('\n'),
    );
  });
});
