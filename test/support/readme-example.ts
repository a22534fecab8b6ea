// The README's TypeScript examples live as files in test/ so that they can run: these helpers check
// that a file appears verbatim in the README as a ```ts block, and run it in a fresh temporary
// directory (TypeScript through register-ts.js), returning what it printed.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

const root = join(__dirname, '../..');

/** Whether the README holds `file`'s source, verbatim, as a TypeScript code block. */
export function readmeHoldsVerbatim(file: string): boolean {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  return readme.includes('```ts\n' + readFileSync(file, 'utf8') + '```\n');
}

/** Runs the example `file` with Node in a new temporary directory, removed afterwards; returns its stdout. */
export function runExample(file: string): string {
  const cwd = mkdtempSync(join(tmpdir(), `nestjs-ledger-${basename(file, '.ts')}-`));
  try {
    return execFileSync(process.execPath, ['-r', join(root, 'test/support/register-ts.js'), file], { cwd, encoding: 'utf8' });
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}
