// The documentation's code is tested code. Every TypeScript sample of README.md and docs/**/*.md is
// included, verbatim, from a source file (or a `// #region` of one) named by the marker before it;
// type-checking covers those files (they live in test/), and each runs: the files of
// test/docs/examples here (they check their own results with node:assert), the others in the spec
// that names them. The README stays short and keeps a new clone's two commands. Every relative link of the pages leads to a file that exists, and to a heading
// of it when it names one; every repository path a page names exists. Each API reference page lists exactly what its entry point exports.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { runExample } from '../support/readme-example';
import { ENTRY_POINTS, exportedNames, listedNames } from './api-reference';
import { danglingIncludes, docPages, exists, headingAnchors, includedText, linkTarget, namedPaths, relativeLinks, root, typescriptSamples } from './doc-pages';

const EXAMPLES = 'test/docs/examples';
const pages = docPages();
const samples = pages.flatMap((page) => typescriptSamples(page));
const includedFiles = [...new Set(samples.flatMap((sample) => (sample.include ? [sample.include.file] : [])))].sort();

/** The repository's spec files, with their text. */
function specFiles(): Array<{ file: string; text: string }> {
  const below = (directory: string): string[] =>
    readdirSync(join(root, directory), { withFileTypes: true }).flatMap((entry) => {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : below(path);
      return /\.(spec|e2e-spec)\.ts$/.test(entry.name) ? [path] : [];
    });
  return ['test', 'libs', 'apps']
    .flatMap(below)
    .map((file) => ({ file, text: readFileSync(join(root, file), 'utf8') }));
}

describe('README.md', () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');

  it('stays short: at most 200 lines', () => {
    expect(readme.split('\n').length - 1).toBeLessThanOrEqual(200);
  });

  it('gives a new clone its two commands', () => {
    expect(readme).toMatch(/^npm ci && npm start +# install, build, and start the sample bank/m);
    expect(readme).toMatch(/^npm test +# /m);
  });
});

describe('the documentation pages', () => {
  it('include every TypeScript sample from a source file, verbatim', () => {
    const problems = samples.flatMap(({ page, line, include, body }) => {
      if (!include) return [`${page}:${line}: a TypeScript sample without an include marker`];
      if (!exists(include.file)) return [`${page}:${line}: includes ${include.file}, which does not exist`];
      const source = include.region ? `${include.file}#${include.region}` : include.file;
      return includedText(include) === body ? [] : [`${page}:${line}: differs from ${source}`];
    });
    expect(problems).toEqual([]);
  });

  it('mark no include without its fenced sample after it', () => {
    expect(pages.flatMap((page) => danglingIncludes(page).map((line) => `${page}:${line}`))).toEqual([]);
  });

  it('include only sources that a spec runs', () => {
    const specs = specFiles();
    const unrun = includedFiles.filter(
      (file) => !file.startsWith(`${EXAMPLES}/`) && !specs.some((spec) => spec.text.includes(`'${basename(file)}'`) && spec.text.includes('runExample')),
    );
    expect(unrun).toEqual([]);
  });

  it('link only to files that exist, and to headings those pages have', () => {
    const broken = pages.flatMap((page) =>
      relativeLinks(page).flatMap((link) => {
        const { file, anchor } = linkTarget(link);
        if (!exists(file)) return [`${page}:${link.line}: ${link.target} (no ${file})`];
        if (anchor && file.endsWith('.md') && !headingAnchors(file).has(anchor)) return [`${page}:${link.line}: ${link.target} (no heading #${anchor})`];
        return [];
      }),
    );
    expect(broken).toEqual([]);
  });

  it('name only repository paths that exist', () => {
    const missing = pages.flatMap((page) => namedPaths(page).filter(({ target }) => !exists(target)).map(({ line, target }) => `${page}:${line}: ${target}`));
    expect(missing).toEqual([]);
  });
});

describe('the API reference', () => {
  let exported: Map<string, string[]>;
  beforeAll(() => {
    exported = exportedNames(ENTRY_POINTS.map(({ source }) => source));
  });

  it.each(ENTRY_POINTS)('$page lists exactly what $entry exports', ({ source, page }) => {
    const [names, listed] = [exported.get(source)!, listedNames(page)];
    expect({ unlisted: names.filter((name) => !listed.includes(name)), notExported: listed.filter((name) => !names.includes(name)) }).toEqual({ unlisted: [], notExported: [] });
  });
});

describe(`the examples of ${EXAMPLES}`, () => {
  const examples = readdirSync(join(root, EXAMPLES)).filter((name) => name.endsWith('.ts')).sort();

  it('are each included by a page', () => {
    expect(examples.filter((name) => !includedFiles.includes(`${EXAMPLES}/${name}`))).toEqual([]);
  });

  // Without a server: the postgres project's global setup names its server to every worker, and the
  // PostgreSQL examples run against it in test/docs/postgres-examples.e2e-spec.ts, each in a database of its own.
  it.each(examples)('%s runs, and its checks pass', (name) => {
    expect(() => runExample(join(root, EXAMPLES, name), { LEDGER_TEST_POSTGRES_URL: '' })).not.toThrow();
  });
});

describe('docs/proofs.md', () => {
  const example = join(__dirname, 'verify-proof-example.ts');

  it('runs its example: the genuine file verifies, bound to its header, and the forged one is refused', () => {
    expect(runExample(example).split('\n')).toEqual(['true header true', 'REVISION_HASH_MISMATCH', '']);
  });
});

describe('docs/threat-model.md', () => {
  const example = join(__dirname, 'trusted-digest-example.ts');

  it('runs its example: the genuine journal extends the digest and the witness, a rebuilt one verifies alone but extends neither', () => {
    expect(runExample(example).split('\n')).toEqual(['true true', 'true REWRITTEN REWRITTEN', '']);
  });
});
