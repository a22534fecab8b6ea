// The package as published, and fresh applications that install it: the repository's package
// sources are copied to a staging directory (so no other test's build races this one) and packed
// there by `npm pack`, which runs the package's own prepack (clean, then build the library and the
// CLI); an application is a copy of one of test/package/apps/*, installed with `npm ci` from its
// committed lockfile (which pins every dependency, the tarball's own included; it names the tarball
// with no integrity, as it is built anew each run) without install scripts, better-sqlite3's native
// addon being copied from this repository's build, plus the scripts of test/package/scripts.
import { execFile, execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

export const root = join(__dirname, '../..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const quiet = ['--no-audit', '--no-fund', '--loglevel=error'];

/** What the applications' lockfiles name the tarball: a fixed file beside them. */
export const TARBALL = 'nestjs-ledger.tgz';

/** What the package's sources are: the manifest, its texts, the library and the CLI with their compiler settings, the explorer's page builder. */
const PACKAGE_SOURCES = ['package.json', 'README.md', 'LICENSE', 'tsconfig.json', 'libs/ledger', 'apps/cli', 'scripts/build-explorer.js'];

export interface PackedFile {
  path: string;
  size: number;
}

/** `npm pack --json`'s report of one tarball. */
export interface PackReport {
  filename: string;
  size: number;
  unpackedSize: number;
  entryCount: number;
  files: PackedFile[];
}

/** Runs a command to its end and returns its stdout; when it fails, throws with what it printed (a compiler prints its errors on stdout). */
export function run(command: string, args: string[], cwd: string): string {
  try {
    return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${stdout ?? ''}${stderr ?? ''}`);
  }
}

/** `run` without blocking, so several applications install and compile at once. */
export async function runAsync(command: string, args: string[], cwd: string): Promise<string> {
  return (await promisify(execFile)(command, args, { cwd, encoding: 'utf8' })).stdout;
}

/** Copies the package's sources to `work/source` (with this repository's node_modules linked), where building touches no other test's files. */
export function stagePackage(work: string): string {
  const stage = join(work, 'source');
  for (const source of PACKAGE_SOURCES) {
    cpSync(join(root, source), join(stage, source), { recursive: true, filter: (path) => !path.endsWith('.spec.ts') });
  }
  symlinkSync(join(root, 'node_modules'), join(stage, 'node_modules'), 'dir');
  return stage;
}

/** Packs the package from a staged copy of its sources (`work/source`, built there by prepack) into `work/nestjs-ledger.tgz`, and returns npm's report. */
export function packPackage(work: string): PackReport {
  const stage = stagePackage(work);
  const output = run(npm, ['pack', '--json', '--pack-destination', work, ...quiet], stage);
  // the report is the last thing printed, after whatever prepack's build printed
  const [report] = JSON.parse(output.slice(output.search(/^\[/m))) as PackReport[];
  renameSync(join(work, report.filename), join(work, TARBALL));
  return report;
}

/** better-sqlite3's version in this repository, whose native addon it has built for this Node. */
export function sqliteVersion(): string {
  return JSON.parse(readFileSync(join(root, 'node_modules/better-sqlite3/package.json'), 'utf8')).version;
}

/**
 * Copies the application test/package/apps/<name> next to the tarball and installs it from its
 * lockfile without install scripts; better-sqlite3's addon (when the app depends on it) is copied
 * from this repository's install, of the same version and Node, rather than compiled again.
 */
export async function installApp(work: string, name: string): Promise<string> {
  const app = join(work, name);
  const template = join(root, 'test/package/apps', name);
  for (const entry of readdirSync(template)) cpSync(join(template, entry), join(app, entry), { recursive: true });
  cpSync(join(root, 'test/package/scripts'), app, { recursive: true });
  await runAsync(npm, ['ci', '--ignore-scripts', ...quiet], app);
  if (existsSync(join(app, 'node_modules/better-sqlite3'))) provideNativeSqlite(app);
  return app;
}

function provideNativeSqlite(app: string): void {
  const addon = 'node_modules/better-sqlite3/build/Release/better_sqlite3.node';
  const installed = JSON.parse(readFileSync(join(app, 'node_modules/better-sqlite3/package.json'), 'utf8')).version;
  if (installed !== sqliteVersion()) throw new Error(`the app pins better-sqlite3 ${installed}, the repository built ${sqliteVersion()}`);
  mkdirSync(join(app, 'node_modules/better-sqlite3/build/Release'), { recursive: true });
  cpSync(join(root, addon), join(app, addon));
}

/** Compiles (or only type-checks, as its tsconfig says) an application's TypeScript with this repository's compiler. */
export async function compileApp(app: string): Promise<void> {
  await runAsync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], app);
}

/** Every directory named `name` under `app`'s node_modules (a package installed more than once shows more than one). */
export function installedCopies(app: string, name: string): string[] {
  const found: string[] = [];
  const walk = (modules: string, depth: number) => {
    if (!existsSync(modules) || depth > 6) return;
    if (existsSync(join(modules, name, 'package.json'))) found.push(join(modules, name));
    for (const entry of readdirSync(modules)) {
      const dirs = entry.startsWith('@') ? readdirSync(join(modules, entry)).map((inner) => join(entry, inner)) : [entry];
      for (const dir of dirs) walk(join(modules, dir, 'node_modules'), depth + 1);
    }
  };
  walk(join(app, 'node_modules'), 0);
  return found;
}

/** Runs the installed `ledger` bin through npx, as a user of the application would. */
export function ledgerCommand(app: string, args: string[]): string {
  return run(npm, ['exec', '--no', '--', 'ledger', ...args], app);
}

