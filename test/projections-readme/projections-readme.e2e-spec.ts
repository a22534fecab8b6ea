// The README's projections example is this directory's balances.ts, verbatim, and it runs.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '../..');

describe('the README projections example', () => {
  const source = readFileSync(join(__dirname, 'balances.ts'), 'utf8');

  it('is balances.ts, verbatim', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    expect(readme).toContain('```ts\n' + source + '```\n');
  });

  it('runs: balances by SQL exactly once, notifications once per position, the same balance after a rebuild', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'nestjs-ledger-projections-'));
    try {
      const output = execFileSync(process.execPath, ['-r', join(root, 'test/support/register-ts.js'), join(__dirname, 'balances.ts')], { cwd, encoding: 'utf8' });
      expect(output.split('\n').sort()).toEqual(['', 'after rebuild: balance 3500', 'balance 3500, checkpoint 3:1', 'notify MoneyDeposited 2:0', 'notify MoneyDeposited 3:0'].sort());
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});
