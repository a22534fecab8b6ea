// `ledger verifier-page <out.html>` writes the offline verifier page the package's build made
// (scripts/build-explorer.js; explorer.e2e-spec.ts verifies proof files with it in Chromium from
// file://): one self-contained HTML file, its script inline, allowed no request by its own policy.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCli, ledgerCli } from '../support/cli';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { buildExplorer, DEFAULT_OUT } = require('../../scripts/build-explorer.js') as { buildExplorer(out?: string): Promise<string[]>; DEFAULT_OUT: string };

const work = mkdtempSync(join(tmpdir(), 'nestjs-ledger-verifier-page-'));

beforeAll(async () => {
  buildCli();
  await buildExplorer();
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('ledger verifier-page', () => {
  it('writes the built offline verifier page, self-contained and allowed no request', async () => {
    const out = join(work, 'verifier.html');
    const run = await ledgerCli(['verifier-page', out]);
    expect([run.code, run.stdout, run.stderr]).toEqual([0, `${out}\n`, '']);
    const page = readFileSync(out, 'utf8');
    expect(page).toBe(readFileSync(join(DEFAULT_OUT, 'verifier.html'), 'utf8'));
    expect(page).toContain(`content="default-src 'none'; script-src 'unsafe-inline'`);
    expect(page).not.toMatch(/<script[^>]+src=|<link[^>]+href=|https?:\/\//);
  });

  it('says where it failed when the file cannot be written', async () => {
    const run = await ledgerCli(['verifier-page', join(work, 'missing-directory', 'verifier.html')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/missing-directory/);
  });
});
