// The sample rewriter fills empty, stale and indented fences from their sources and leaves the prose
// and the other fences of the page as they were.
import { includedText } from './doc-pages';
import { withIncludedSamples } from './update-samples';

const MARKER = '<!-- include: test/docs/examples/partiql.ts#statements -->';
const SOURCE = includedText({ file: 'test/docs/examples/partiql.ts', region: 'statements' }).replace(/\n$/, '');

describe('withIncludedSamples', () => {
  it('fills an empty fence and keeps the text and fences after it', () => {
    const page = ['# Page', MARKER, '```ts', '```', '', 'Prose after.', '', '```sh', 'ledger verify', '```', ''].join('\n');
    const expected = ['# Page', MARKER, '```ts', SOURCE, '```', '', 'Prose after.', '', '```sh', 'ledger verify', '```', ''].join('\n');
    expect(withIncludedSamples('docs/page.md', page)).toBe(expected);
  });

  it('replaces a stale body of any length', () => {
    const page = [MARKER, '```ts', 'old line one', 'old line two', 'old line three', '```', 'After.'].join('\n');
    expect(withIncludedSamples('docs/page.md', page)).toBe([MARKER, '```ts', SOURCE, '```', 'After.'].join('\n'));
  });

  it('indents the source like a fence inside a list item', () => {
    const page = ['- Step:', `  ${MARKER}`, '  ```ts', '  ```', 'After.'].join('\n');
    const indented = SOURCE.split('\n').map((line) => (line ? `  ${line}` : line));
    expect(withIncludedSamples('docs/page.md', page)).toBe(['- Step:', `  ${MARKER}`, '  ```ts', ...indented, '  ```', 'After.'].join('\n'));
  });

  it('leaves a page whose samples are current unchanged', () => {
    const page = [MARKER, '```ts', SOURCE, '```', ''].join('\n');
    expect(withIncludedSamples('docs/page.md', page)).toBe(page);
  });
});
