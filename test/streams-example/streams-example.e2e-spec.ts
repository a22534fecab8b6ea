// The README's streams example is this directory's streams-example.ts, verbatim, and it runs.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '../..');

describe('the README streams example', () => {
  const source = readFileSync(join(__dirname, 'streams-example.ts'), 'utf8');

  it('is streams-example.ts, verbatim', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    expect(readme).toContain('```ts\n' + source + '```\n');
  });

  it('runs: live deposits typed by their class, then every block rebuilt from its records and verified', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'nestjs-ledger-streams-example-'));
    try {
      const output = execFileSync(process.execPath, ['-r', join(root, 'test/support/register-ts.js'), join(__dirname, 'streams-example.ts')], { cwd, encoding: 'utf8' });
      expect(output).toBe(
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
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});
