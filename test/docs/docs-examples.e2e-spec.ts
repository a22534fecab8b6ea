// The code samples of docs/*.md are files in test/docs, included verbatim and run here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runExample } from '../support/readme-example';

/** Whether the markdown file holds `file`'s source verbatim as a TypeScript code block. */
function holdsVerbatim(markdown: string, file: string): boolean {
  return readFileSync(markdown, 'utf8').includes('```ts\n' + readFileSync(file, 'utf8') + '```\n');
}

const root = join(__dirname, '../..');

describe('docs/proofs.md', () => {
  const example = join(__dirname, 'verify-proof-example.ts');

  it('holds the proof example verbatim', () => {
    expect(holdsVerbatim(join(root, 'docs/proofs.md'), example)).toBe(true);
  });

  it('runs it: the genuine file verifies, bound to its header, and the forged one is refused', () => {
    expect(runExample(example).split('\n')).toEqual(['true header true', 'REVISION_HASH_MISMATCH', '']);
  });
});

describe('docs/threat-model.md', () => {
  const example = join(__dirname, 'trusted-digest-example.ts');

  it('holds the trusted-digest example verbatim', () => {
    expect(holdsVerbatim(join(root, 'docs/threat-model.md'), example)).toBe(true);
  });

  it('runs it: the genuine journal extends the digest and the witness, a rebuilt one verifies alone but extends neither', () => {
    expect(runExample(example).split('\n')).toEqual(['true true', 'true REWRITTEN REWRITTEN', '']);
  });
});
