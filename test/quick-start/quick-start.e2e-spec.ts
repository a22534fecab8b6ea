// The README's quick start is this directory's quick-start.ts, verbatim, and it runs.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '../..');

describe('the README quick start', () => {
  const source = readFileSync(join(__dirname, 'quick-start.ts'), 'utf8');

  it('is quick-start.ts, verbatim', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    expect(readme).toContain('```ts\n' + source + '```\n');
  });

  it('runs: each command one block that verifies, and a ledger that verifies', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'nestjs-ledger-quick-start-'));
    try {
      const output = execFileSync(process.execPath, ['-r', join(root, 'test/support/register-ts.js'), join(__dirname, 'quick-start.ts')], { cwd, encoding: 'utf8' });
      expect(output).toBe('balance 2500 in block 3, verified: true\nevents: MoneyDeposited, statement: Deposit\nledger verified: true\n');
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});
