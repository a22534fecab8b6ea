// Rewrites every included sample of README.md and docs/**/*.md from its source file, for after an
// example changed: `node -r ./test/support/register-ts.js test/docs/update-samples.ts`. The docs spec
// fails until the pages and their sources agree again. An empty fence is filled, never merged with
// the text after it.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { docPages, includedText, root, typescriptSamples } from './doc-pages';

/** `text` (the page `page`) with each included sample's body replaced by its source's text, at the fence's indentation. */
export function withIncludedSamples(page: string, text: string): string {
  const lines = text.split('\n');
  for (const sample of typescriptSamples(page, lines).reverse()) {
    if (!sample.include) continue;
    const indent = /^\s*/.exec(lines[sample.line - 1])![0];
    const body = includedText(sample.include).replace(/\n$/, '').split('\n').map((line) => (line ? indent + line : line));
    lines.splice(sample.line, sample.bodyLines, ...body);
  }
  return lines.join('\n');
}

function updatePages(): void {
  for (const page of docPages()) {
    const before = readFileSync(join(root, page), 'utf8');
    const text = withIncludedSamples(page, before);
    if (text !== before) {
      writeFileSync(join(root, page), text);
      console.log(`updated ${page}`);
    }
  }
}

if (require.main === module) updatePages();
