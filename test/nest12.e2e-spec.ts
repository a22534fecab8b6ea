// The packed library in a NestJS 12 application (ES modules): the library is compiled and packed
// as published, the tarball is installed into a copy of test/nest12-app beside the app's pinned
// Nest 12 (so the library's require('@nestjs/…') loads Nest 12's ES modules through Node's
// require(esm)), the app is compiled and run with plain node, and what it prints is checked.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const quiet = ['--no-audit', '--no-fund', '--loglevel=error'];

function run(command: string, args: string[], cwd: string): string {
  return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Compiles the library into its own package directory (so no other test's build races it) and packs it. */
function packLibrary(work: string): string {
  const pkg = join(work, 'package');
  mkdirSync(pkg);
  run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'libs/ledger/tsconfig.lib.json'), '--outDir', join(pkg, 'dist/libs/ledger')], root);
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const { name, version, description, license, main, types, exports, engines, dependencies, peerDependencies, peerDependenciesMeta } = manifest;
  const published = { name, version, description, license, main, types, exports, engines, dependencies, peerDependencies, peerDependenciesMeta };
  writeFileSync(join(pkg, 'package.json'), JSON.stringify(published, null, 2));
  cpSync(join(root, 'README.md'), join(pkg, 'README.md'));
  const tarball = run(npm, ['pack', '--pack-destination', work, ...quiet], pkg).trim().split('\n').pop() as string;
  return join(work, tarball);
}

/** The library's installed version of better-sqlite3, whose native addon this repository has built. */
function sqliteVersion(): string {
  return JSON.parse(readFileSync(join(root, 'node_modules/better-sqlite3/package.json'), 'utf8')).version;
}

/** better-sqlite3's native addon, copied from this repository's install (same version, same Node) rather than compiled again. */
function provideNativeSqlite(app: string): void {
  const addon = 'node_modules/better-sqlite3/build/Release/better_sqlite3.node';
  mkdirSync(join(app, 'node_modules/better-sqlite3/build/Release'), { recursive: true });
  cpSync(join(root, addon), join(app, addon));
}

describe('a NestJS 12 (ESM) application using the packed library', () => {
  const work = mkdtempSync(join(tmpdir(), 'nestjs-ledger-nest12-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('runs commands as verified blocks, a discovered projection and streams, on Nest 12 loaded as ES modules', () => {
    const tarball = packLibrary(work);
    const app = join(work, 'app');
    for (const entry of ['package.json', 'package-lock.json', 'tsconfig.json', 'src']) cpSync(join(root, 'test/nest12-app', entry), join(app, entry), { recursive: true });
    run(npm, ['ci', '--ignore-scripts', ...quiet], app);
    run(npm, ['install', '--no-save', '--ignore-scripts', ...quiet, tarball, `better-sqlite3@${sqliteVersion()}`], app);
    provideNativeSqlite(app);
    expect(existsSync(join(app, 'node_modules/nestjs-ledger/node_modules/@nestjs'))).toBe(false);
    run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], app);
    const report = JSON.parse(run(process.execPath, ['dist/main.js'], app));
    expect(report).toEqual({
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
  }, 300_000);
});
