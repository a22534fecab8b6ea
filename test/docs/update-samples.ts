// Rewrites every included sample of README.md and docs/**/*.md from its source file, for after an
// example changed: `node -r ./test/support/register-ts.js test/docs/update-samples.ts`. The docs spec
// fails until the pages and their sources agree again.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { docPages, includedText, root, typescriptSamples } from './doc-pages';

/** The page with each included sample's body replaced by its source's text, at the fence's indentation. */
function updated(page: string): string {
  const lines = readFileSync(join(root, page), 'utf8').split('\n');
  for (const sample of typescriptSamples(page).reverse()) {
    if (!sample.include) continue;
    const indent = /^\s*/.exec(lines[sample.line - 1])![0];
    const body = includedText(sample.include).replace(/\n$/, '').split('\n').map((line) => (line ? indent + line : line));
    const bodyLength = sample.body.replace(/\n$/, '').split('\n').length;
    lines.splice(sample.line, bodyLength, ...body);
  }
  return lines.join('\n');
}

for (const page of docPages()) {
  const text = updated(page);
  if (text !== readFileSync(join(root, page), 'utf8')) {
    writeFileSync(join(root, page), text);
    console.log(`updated ${page}`);
  }
}
