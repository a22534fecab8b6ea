// The documentation's pages (README.md and docs/**/*.md) read as data for the docs tests: their
// fenced code samples with the source file each is included from, the text a source file (or one of
// its `// #region <name>` … `// #endregion` parts) gives, their relative links, the repository paths
// they name, and their headings' anchors. A TypeScript sample is marked by the line before its fence:
//   <!-- include: test/docs/examples/ion-values.ts#round-trip -->
// Inside what is included, a `// #region hidden` … `// #endregion` part (an example's own checks) is
// left out of the page.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

export const root = join(__dirname, '../..');

/** The TypeScript fence languages, whose samples must be included from a tested file. */
const TYPESCRIPT = new Set(['ts', 'typescript', 'tsx']);
const INCLUDE = /^\s*<!-- include: ([^#\s]+)(?:#([\w-]+))? -->\s*$/;
const FENCE = /^(\s*)```(\S*)\s*$/;

export interface Include {
  /** The source file, relative to the repository's root. */
  file: string;
  region?: string;
}

export interface CodeSample {
  page: string;
  /** The 1-based line of the opening fence. */
  line: number;
  /** The number of lines between the opening and the closing fence (0 for an empty fence). */
  bodyLines: number;
  language: string;
  body: string;
  include?: Include;
}

export interface PageLink {
  page: string;
  line: number;
  target: string;
}

/** README.md and every Markdown page below docs/, relative to the repository's root. */
export function docPages(): string[] {
  const below = (directory: string): string[] =>
    readdirSync(join(root, directory)).flatMap((name) => {
      const path = join(directory, name);
      if (statSync(join(root, path)).isDirectory()) return below(path);
      return name.endsWith('.md') ? [path] : [];
    });
  return ['README.md', ...below('docs').sort()];
}

function pageLines(page: string): string[] {
  return readFileSync(join(root, page), 'utf8').split('\n');
}

/** The page's fenced code samples, each with the include marker on the line before it, if any. */
export function codeSamples(page: string, lines: string[] = pageLines(page)): CodeSample[] {
  const samples: CodeSample[] = [];
  for (let at = 0; at < lines.length; at++) {
    const open = FENCE.exec(lines[at]);
    if (!open) continue;
    const indent = open[1].length;
    const close = lines.findIndex((line, index) => index > at && /^\s*```\s*$/.test(line));
    const end = close === -1 ? lines.length : close;
    const body = lines.slice(at + 1, end).map((line) => line.slice(Math.min(indent, line.length - line.trimStart().length)));
    const marker = at > 0 ? INCLUDE.exec(lines[at - 1]) : null;
    samples.push({
      page,
      line: at + 1,
      bodyLines: end - at - 1,
      language: open[2],
      body: body.join('\n') + '\n',
      include: marker ? { file: marker[1], region: marker[2] } : undefined,
    });
    at = end;
  }
  return samples;
}

/** The page's TypeScript samples (of `lines`, when given, instead of the file's). */
export function typescriptSamples(page: string, lines?: string[]): CodeSample[] {
  return codeSamples(page, lines).filter((sample) => TYPESCRIPT.has(sample.language));
}

/** Include markers not followed by a fence: lines of the page. */
export function danglingIncludes(page: string): number[] {
  const lines = pageLines(page);
  return lines.flatMap((line, index) => (INCLUDE.test(line) && !FENCE.test(lines[index + 1] ?? '') ? [index + 1] : []));
}

const REGION_MARK = /^\s*\/\/ #(end)?region\b/;

/** The text a sample includes: the whole file, or one region, without region marks and hidden parts, dedented. */
export function includedText({ file, region }: Include): string {
  const lines = readFileSync(join(root, file), 'utf8').replace(/\n+$/, '').split('\n');
  const part = region === undefined ? lines : regionLines(lines, file, region);
  const kept = withoutHidden(part).filter((line) => !REGION_MARK.test(line));
  const indent = Math.min(...kept.filter((line) => line.trim()).map((line) => line.length - line.trimStart().length));
  return kept.map((line) => line.slice(indent)).join('\n') + '\n';
}

function withoutHidden(lines: string[]): string[] {
  const kept: string[] = [];
  let hiddenDepth = 0;
  for (const line of lines) {
    if (hiddenDepth > 0 && /^\s*\/\/ #region\b/.test(line)) hiddenDepth++;
    else if (hiddenDepth > 0 && /^\s*\/\/ #endregion\b/.test(line)) hiddenDepth--;
    else if (/^\s*\/\/ #region hidden\s*$/.test(line)) hiddenDepth = 1;
    else if (hiddenDepth === 0) kept.push(line);
  }
  return kept;
}

function regionLines(lines: string[], file: string, region: string): string[] {
  const start = lines.findIndex((line) => new RegExp(`^\\s*// #region ${region}\\s*$`).test(line));
  if (start === -1) throw new Error(`${file} has no region ${region}`);
  let depth = 0;
  for (let at = start; at < lines.length; at++) {
    if (/^\s*\/\/ #region\b/.test(lines[at])) depth++;
    if (/^\s*\/\/ #endregion\b/.test(lines[at]) && --depth === 0) return lines.slice(start + 1, at);
  }
  throw new Error(`${file}: region ${region} has no #endregion`);
}

/** The page's links to relative targets (no scheme, not a bare #anchor), outside code. */
export function relativeLinks(page: string): PageLink[] {
  const links: PageLink[] = [];
  let inFence = false;
  pageLines(page).forEach((line, index) => {
    if (FENCE.test(line)) inFence = !inFence;
    if (inFence) return;
    const prose = line.replace(/`[^`]*`/g, '');
    for (const [, target] of prose.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (!/^[a-z][a-z0-9+.-]*:/i.test(target)) links.push({ page, line: index + 1, target });
    }
  });
  return links;
}

/** Where a link leads: the file (relative to the root) and the anchor, if any. */
export function linkTarget({ page, target }: PageLink): { file: string; anchor?: string } {
  const [path, anchor] = target.split('#');
  const file = path === '' ? page : relative(root, join(root, dirname(page), path));
  return { file, anchor: anchor || undefined };
}

/** Repository paths the page names in code spans outside code blocks (`libs/…`, `apps/…`, `test/…`, `docs/…`). */
export function namedPaths(page: string): PageLink[] {
  const paths: PageLink[] = [];
  let inFence = false;
  pageLines(page).forEach((line, index) => {
    if (FENCE.test(line)) inFence = !inFence;
    if (inFence) return;
    for (const [, path] of line.matchAll(/`((?:libs|apps|test|docs)\/[\w./-]*)`/g)) paths.push({ page, line: index + 1, target: path });
  });
  return paths;
}

export function exists(file: string): boolean {
  return existsSync(join(root, file));
}

/** The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
export function headingAnchors(page: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let inFence = false;
  for (const line of pageLines(page)) {
    if (FENCE.test(line)) inFence = !inFence;
    const heading = !inFence && /^#{1,6}\s+(.*)$/.exec(line);
    if (!heading) continue;
    const slug = heading[1]
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}
