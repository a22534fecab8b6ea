// The package as a user gets it: `npm pack` (through prepack, which builds the library, the
// explorer's pages and the CLI) makes the tarball, whose file list is checked (every export and the
// bin in it) as is what each entry point exports, and four fresh applications install it from
// their committed lockfiles: NestJS 11 on CommonJS, NestJS 12 on ES modules, plain Node with no
// Nest (require and import, and the declarations type-checked with no kafkajs, pg or Nest), and an
// application on TypeORM 0.3, which must keep a single typeorm. None installs the optional peers
// @opentelemetry/api and @nestjs/terminus, which the library must do without. In each,
// `npx ledger --version` prints the package's version, a ledger written there passes `npx ledger verify`, and a proof file
// of one of its revisions passes nestjs-ledger/verify. A fifth application, on PostgreSQL only,
// installs no better-sqlite3, and opening SQLite there names the missing package.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileApp, installApp, installedCopies, ledgerCommand, packPackage, root, run, type PackReport } from './packed-package';

/** The applications that write and verify a ledger on SQLite. */
const APPS = ['nest11-cjs', 'nest12-esm', 'plain-node', 'typeorm03'] as const;
const INSTALLED = [...APPS, 'postgres-only'] as const;
type AppName = (typeof INSTALLED)[number];

const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const version: string = manifest.version;

/** The names `entry` exports that are not functions (classes count as functions), required from plain Node inside the built package `stage`. */
function missingFunctions(stage: string, entry: string, names: string[]): string[] {
  const script = `const m = require(${JSON.stringify(entry)}); console.log(JSON.stringify(${JSON.stringify(names)}.filter((n) => typeof m[n] !== 'function')));`;
  return JSON.parse(run(process.execPath, ['-e', script], stage));
}

/** The report of test/package/scripts/round-trip.cjs (or .mjs) run in `app` on a new ledger file. */
function roundTrip(app: string, script = 'round-trip.cjs', file = 'round-trip.ledger'): unknown {
  return JSON.parse(run(process.execPath, [script, file], app));
}

describe('the packed package, installed into fresh applications', () => {
  const work = mkdtempSync(join(tmpdir(), 'nestjs-ledger-pack-'));
  const apps = {} as Record<AppName, string>;
  let pack: PackReport;

  beforeAll(async () => {
    pack = packPackage(work);
    const compiled: readonly AppName[] = ['nest11-cjs', 'nest12-esm', 'plain-node'];
    const ready = async (name: AppName) => {
      apps[name] = await installApp(work, name);
      if (compiled.includes(name)) await compileApp(apps[name]);
    };
    await Promise.all(INSTALLED.map(ready));
  }, 600_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('packs the built library, the explorer’s pages, the CLI, the README and the LICENSE, and nothing else', () => {
    const paths = pack.files.map((file) => file.path);
    process.stdout.write(`nestjs-ledger tarball: ${pack.entryCount} files, ${pack.size} bytes packed, ${pack.unpackedSize} bytes unpacked\n`);
    expect(paths).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'package.json', 'dist/apps/cli/main.js']));
    for (const [entry, target] of Object.entries(manifest.exports as Record<string, string | { types: string; default: string }>)) {
      const files = typeof target === 'string' ? [target] : [target.default, target.types];
      expect([entry, files.filter((file) => !paths.includes(file.replace(/^\.\//, '')))]).toEqual([entry, []]);
    }
    expect(paths).toContain(manifest.bin.ledger);
    expect(paths).toEqual(expect.arrayContaining(['explorer.js', 'explorer.css', 'verifier.html'].map((name) => `dist/libs/ledger/nest/explorer/assets/${name}`)));
    expect(paths.filter((path) => path.includes('/explorer/ui/'))).toEqual([]);
    const strays = paths.filter((path) => !/^dist\/(libs\/ledger|apps\/cli)\//.test(path) && !['LICENSE', 'README.md', 'package.json'].includes(path));
    expect(strays).toEqual([]);
    expect(paths.filter((path) => /\.(spec|e2e-spec|fixture)\.|\.tgz$|\.map$|\.ts$/.test(path) && !path.endsWith('.d.ts'))).toEqual([]);
    expect(paths.filter((path) => /vectors|\.ci\/|apps\/(bank|bench|fuzz)/.test(path))).toEqual([]);
  });

  it('gives each entry point its surface: the Nest module, the verifiers and the test helpers are not at the root', () => {
    const stage = join(work, 'source');
    expect(missingFunctions(stage, 'nestjs-ledger', ['Ledger', 'fromIon', 'toIon', 'signDigest', 'revisionProofFile', 'EventStore', 'CommandBus', 'Projections', 'exportJournal', 'parsePartiql'])).toEqual([]);
    expect(missingFunctions(stage, 'nestjs-ledger/nest', ['LedgerModule', 'CommandHandler', 'InjectLedger', 'getLedgerToken', 'LedgerExplorerModule', 'LedgerTestingModule', 'LedgerHealthIndicator'])).toEqual([]);
    expect(missingFunctions(stage, 'nestjs-ledger/verify', ['verifyProofFile', 'parseProofFile', 'verifyBlock', 'verifyChain', 'verifySignedDigest', 'ionHash', 'LedgerTree'])).toEqual([]);
    expect(missingFunctions(stage, 'nestjs-ledger/testing', ['CommandSpecification', 'MemoryEventStore', 'openTemporaryLedger'])).toEqual([]);
    expect(missingFunctions(stage, 'nestjs-ledger/sinks', ['KafkaSink'])).toEqual([]);
    expect(missingFunctions(stage, 'nestjs-ledger/qldb-driver', ['QldbDriver', 'QLDB', 'RetryConfig', 'isOccConflictException', 'LambdaAbortedError'])).toEqual([]);
    const elsewhere = ['LedgerModule', 'CommandHandler', 'CommandSpecification', 'verifyProofFile', 'ionHash', 'LedgerTree'];
    expect(missingFunctions(stage, 'nestjs-ledger', elsewhere)).toEqual(elsewhere);
  });

  it.each(INSTALLED)('%s: npx ledger --version prints the package version', (name) => {
    expect(ledgerCommand(apps[name], ['--version']).trim()).toBe(version);
  });

  it.each(APPS)('%s: a ledger written there verifies with npx ledger verify, and its proof with nestjs-ledger/verify', (name) => {
    expect(roundTrip(apps[name])).toEqual({ moduleSystem: 'commonjs', proofValid: true, tamperedProofValid: false, ledgerValid: true, ledgerValidOnWorkers: true, pipelinedValid: true });
    expect(ledgerCommand(apps[name], ['verify', 'round-trip.ledger'])).toMatch(/^valid: 4 blocks verified/);
  });

  it('plain Node with no Nest installed: import works as require does, and the declarations type-check without kafkajs, pg, Nest or OpenTelemetry', () => {
    const app = apps['plain-node'];
    expect(installedCopies(app, '@nestjs/common')).toEqual([]);
    expect(installedCopies(app, '@opentelemetry/api')).toEqual([]);
    expect(installedCopies(app, 'kafkajs')).toEqual([]);
    expect(installedCopies(app, 'pg')).toEqual([]);
    expect(roundTrip(app, 'round-trip.mjs', 'imported.ledger')).toEqual({ moduleSystem: 'esm', proofValid: true, tamperedProofValid: false, ledgerValid: true, ledgerValidOnWorkers: true, pipelinedValid: true });
  });

  it('TypeORM 0.3 beside the library: one typeorm, the application’s', () => {
    const copies = installedCopies(apps.typeorm03, 'typeorm');
    expect(copies).toEqual([join(apps.typeorm03, 'node_modules/typeorm')]);
    expect(JSON.parse(readFileSync(join(copies[0], 'package.json'), 'utf8')).version).toMatch(/^0\.3\./);
  });

  it('PostgreSQL only: no better-sqlite3 installed, and an SQLite ledger refused with MissingDriverError naming it', () => {
    const app = apps['postgres-only'];
    expect(installedCopies(app, 'better-sqlite3')).toEqual([]);
    expect(JSON.parse(run(process.execPath, ['missing-driver.cjs'], app))).toEqual({
      typed: true,
      code: 'MISSING_DRIVER',
      packageName: 'better-sqlite3',
      message: "SQLite storage needs the 'better-sqlite3' package: install it with npm install better-sqlite3",
    });
  });

  it('NestJS 11 on CommonJS: the module injects the ledger, and a proof of its write verifies (with neither @nestjs/terminus nor OpenTelemetry installed)', () => {
    expect([installedCopies(apps['nest11-cjs'], '@nestjs/terminus'), installedCopies(apps['nest11-cjs'], '@opentelemetry/api')]).toEqual([[], []]);
    const report = JSON.parse(run(process.execPath, ['dist/main.js', 'nest.ledger'], apps['nest11-cjs']));
    expect(report).toEqual({ moduleSystem: 'commonjs', nestCore: '11.2.10', proofValid: true, ledgerValid: true });
    expect(ledgerCommand(apps['nest11-cjs'], ['verify', 'nest.ledger'])).toMatch(/^valid: 3 blocks verified/);
  });

  it('NestJS 12 on ES modules: commands as verified blocks, a discovered projection and streams', () => {
    const app = apps['nest12-esm'];
    expect(installedCopies(app, '@nestjs/core').map((path) => JSON.parse(readFileSync(join(path, 'package.json'), 'utf8')).version)).toEqual(['12.5.1']);
    expect(JSON.parse(run(process.execPath, ['dist/main.js'], app))).toEqual({
      moduleSystem: 'esm',
      nestCore: '12.5.1',
      balance: 350,
      sequenceNo: 3,
      tip: 3,
      statements: ['Deposit'],
      events: ['MoneyDeposited'],
      blockValid: true,
      ledgerValid: true,
      projectedBalance: 350,
      streamedDeposits: [100, 250],
      streamedRecords: ['BLOCK_SUMMARY', 'REVISION_DETAILS'],
    });
  });
});
