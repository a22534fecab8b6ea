// The layers of libs/ledger/src hold: dependency-cruiser, run with the project's rules
// (.dependency-cruiser.cjs), finds no import cycle between modules or folders, no folder importing
// a higher layer, no import past another folder's index.ts (or internal.ts), no library module
// importing apps/ or test/, and no node: module reached from nestjs-ledger/verify. The same rules run
// over a small synthetic tree breaking each of them, and must name every break.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const CONFIG = join(ROOT, '.dependency-cruiser.cjs');

interface Violation {
  rule: string;
  from: string;
  to: string;
  cycle?: string[];
}

/** The violations dependency-cruiser's API reports for libs/ledger/src under `directory`. */
function violationsIn(directory: string): Violation[] {
  const output = execFileSync(process.execPath, [join(__dirname, 'cruise.mjs'), CONFIG], { cwd: directory, encoding: 'utf8' });
  return output
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as Violation);
}

function describeViolation({ rule, from, to, cycle }: Violation): string {
  return `${rule}: ${from} → ${to}${cycle ? ` (cycle: ${[from, ...cycle].join(' → ')})` : ''}`;
}

/** Files of a synthetic tree, each breaking one rule (or keeping one, for the last ones). */
const SYNTHETIC: Record<string, string> = {
  'tsconfig.json': '{ "compilerOptions": { "module": "commonjs" } }',
  'test/support/helper.ts': 'export const helper = 1;\n',
  // engine imports PartiQL (a higher layer, past its index), which imports the engine: a cycle.
  'libs/ledger/src/engine/index.ts': "export { run } from './runner';\n",
  'libs/ledger/src/engine/runner.ts': "import { parse } from '../partiql/parser';\nexport const run = () => parse();\n",
  'libs/ledger/src/engine/internal.ts': 'export const hook = 1;\n',
  'libs/ledger/src/partiql/index.ts': "export { parse } from './parser';\n",
  'libs/ledger/src/partiql/parser.ts': "import { run } from '../engine';\nexport const parse = (): unknown => run;\n",
  // streams reach up to storage.
  'libs/ledger/src/storage/index.ts': 'export const storage = 1;\n',
  'libs/ledger/src/streams/index.ts': "import { storage } from '../storage';\nexport const streams = storage;\n",
  // a dialect imports the other dialect.
  'libs/ledger/src/storage/postgres/pg.ts': 'export const pg = 1;\n',
  'libs/ledger/src/storage/sqlite/lite.ts': "import { pg } from '../postgres/pg';\nexport const lite = pg;\n",
  // the library imports the tests.
  'libs/ledger/src/export/exporter.ts': "import { helper } from '../../../../test/support/helper';\nexport const exporter = helper;\n",
  // the verifier imports node: directly, and through the journal.
  'libs/ledger/src/journal/index.ts': "import { readFileSync } from 'node:fs';\nexport const journal = readFileSync;\n",
  'libs/ledger/src/verify/index.ts': "import { createHash } from 'node:crypto';\nimport { journal } from '../journal';\nexport const verify = [createHash, journal];\n",
  // kept: another folder's index and internal.ts, and a listed shared internal of ion.
  'libs/ledger/src/ion/ion-order-key.ts': 'export const orderKey = 1;\n',
  'libs/ledger/src/nest/allowed.ts':
    "import { run } from '../engine';\nimport { hook } from '../engine/internal';\nimport { orderKey } from '../ion/ion-order-key';\nexport const allowed = [run, hook, orderKey];\n",
};

describe('layers of libs/ledger/src', () => {
  it('break none of the rules', () => {
    const violations = violationsIn(ROOT);
    expect(violations.map(describeViolation)).toEqual([]);
  });

  describe('the rules', () => {
    let directory: string;
    let found: string[];

    beforeAll(() => {
      directory = mkdtempSync(join(tmpdir(), 'ledger-layers-'));
      for (const [path, text] of Object.entries(SYNTHETIC)) {
        mkdirSync(dirname(join(directory, path)), { recursive: true });
        writeFileSync(join(directory, path), text);
      }
      found = violationsIn(directory).map(({ rule, from, to }) => `${rule}: ${from} → ${to}`);
    });

    afterAll(() => rmSync(directory, { recursive: true, force: true }));

    it.each([
      ['layer-engine', 'engine/runner.ts', 'partiql/parser.ts'],
      ['no-deep-imports', 'engine/runner.ts', 'partiql/parser.ts'],
      ['layer-streams', 'streams/index.ts', 'storage/index.ts'],
      ['dialects-apart', 'storage/sqlite/lite.ts', 'storage/postgres/pg.ts'],
    ])('%s catches %s → %s', (rule, from, to) => {
      expect(found).toContain(`${rule}: libs/ledger/src/${from} → libs/ledger/src/${to}`);
    });

    it('no-circular catches the cycle of the engine and PartiQL through their modules', () => {
      expect(found).toContain('no-circular: libs/ledger/src/engine/index.ts → libs/ledger/src/engine/runner.ts');
    });

    it('verify-without-node catches the verifier importing node:crypto', () => {
      expect(found).toContain('verify-without-node: libs/ledger/src/verify/index.ts → crypto');
    });

    it('no-circular-folders catches the engine and PartiQL importing each other', () => {
      expect(found.filter((violation) => violation.startsWith('no-circular-folders:'))).not.toEqual([]);
    });

    it('libs-not-to-apps-or-test catches the library importing the tests', () => {
      expect(found).toContain('libs-not-to-apps-or-test: libs/ledger/src/export/exporter.ts → test/support/helper.ts');
    });

    it('verify-reaches-no-node catches a node: module the verifier loads through another folder', () => {
      expect(found.some((violation) => violation.startsWith('verify-reaches-no-node: libs/ledger/src/verify/index.ts'))).toBe(true);
    });

    it('lets a folder import another through its index.ts or internal.ts, and the listed shared internals', () => {
      expect(found.filter((violation) => violation.includes('nest/allowed.ts'))).toEqual([]);
    });
  });
});
