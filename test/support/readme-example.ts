// The documentation's TypeScript examples live as files in test/ so that they can run: these helpers
// tell which pages include a file (see test/docs/doc-pages.ts for the include markers; the docs spec
// checks that each sample equals its source), and run an example in a fresh temporary directory
// (TypeScript through register-ts.js), returning what it printed.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { docPages, root, typescriptSamples } from '../docs/doc-pages';

/** The pages (README.md, docs/…) that include `file`, whole or a region of it. */
export function pagesIncluding(file: string): string[] {
  const source = relative(root, file);
  return docPages().filter((page) => typescriptSamples(page).some((sample) => sample.include?.file === source));
}

/** Runs the example `file` with Node in a new temporary directory, removed afterwards, with `env` added to the environment; returns its stdout. */
export function runExample(file: string, env: NodeJS.ProcessEnv = {}): string {
  const cwd = mkdtempSync(join(tmpdir(), `nestjs-ledger-${basename(file, '.ts')}-`));
  try {
    return execFileSync(process.execPath, ['-r', join(root, 'test/support/register-ts.js'), file], { cwd, encoding: 'utf8', env: { ...process.env, ...env } });
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}
