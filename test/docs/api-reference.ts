// The API reference pages (docs/api/*.md) against the entry points they describe: the names each
// entry point exports, values and types, as TypeScript sees them, and the names a page lists in the
// first column of its tables.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ts from 'typescript';
import { root } from './doc-pages';

/** Each entry point, its source, and its reference page. */
export const ENTRY_POINTS = [
  { entry: 'nestjs-ledger', source: 'libs/ledger/src/index.ts', page: 'docs/api/nestjs-ledger.md' },
  { entry: 'nestjs-ledger/nest', source: 'libs/ledger/src/nest/index.ts', page: 'docs/api/nest.md' },
  { entry: 'nestjs-ledger/verify', source: 'libs/ledger/src/verify/index.ts', page: 'docs/api/verify.md' },
  { entry: 'nestjs-ledger/testing', source: 'libs/ledger/src/testing/index.ts', page: 'docs/api/testing.md' },
  { entry: 'nestjs-ledger/sinks', source: 'libs/ledger/src/sinks/index.ts', page: 'docs/api/sinks.md' },
  { entry: 'nestjs-ledger/qldb-driver', source: 'libs/ledger/src/qldb-driver/index.ts', page: 'docs/api/qldb-driver.md' },
];

/** The names each source exports, by source, from one TypeScript program over all of them. */
export function exportedNames(sources: string[]): Map<string, string[]> {
  const config = ts.getParsedCommandLineOfConfigFile(join(root, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  const program = ts.createProgram(sources.map((source) => join(root, source)), config!.options);
  const checker = program.getTypeChecker();
  return new Map(
    sources.map((source) => {
      const module = checker.getSymbolAtLocation(program.getSourceFile(join(root, source))!)!;
      return [source, checker.getExportsOfModule(module).map((symbol) => symbol.name).sort()];
    }),
  );
}

/** The names in code spans of the first column of the page's table rows. */
export function listedNames(page: string): string[] {
  const rows = readFileSync(join(root, page), 'utf8').split('\n').filter((line) => line.startsWith('|') && !/^\|\s*-/.test(line));
  const names = rows.flatMap((row) => [...row.split('|')[1].matchAll(/`([A-Za-z_$][\w$]*)`/g)].map((match) => match[1]));
  return [...new Set(names)].sort();
}
