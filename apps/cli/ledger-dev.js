#!/usr/bin/env node
// `npm run ledger -- <command> …` inside the repository: compiles the library and the CLI when any
// of their sources is newer than the built CLI, then runs it with the same arguments and exit code.
// `ensureBuilt()` is also what the CLI's tests call before running the built command.
const { execFileSync, spawnSync } = require('node:child_process');
const { existsSync, mkdirSync, readdirSync, rmdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..', '..');
const entry = join(root, 'dist/apps/cli/main.js');
const sources = [join(root, 'libs/ledger/src'), join(root, 'apps/cli/src')];
const lock = join(root, 'dist/.cli-build.lock');

/** The newest modification time of the .ts files under `directory`. */
function newestSource(directory) {
  let newest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function isStale() {
  return !existsSync(entry) || Math.max(...sources.map(newestSource)) > statSync(entry).mtimeMs;
}

/** Builds the CLI when stale; one build at a time across processes (a lock directory, taken over when stale). */
function ensureBuilt() {
  if (!isStale()) return;
  mkdirSync(join(root, 'dist'), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // a lock left by a build that was killed is taken over after two minutes
      if (Date.now() - statSync(lock, { throwIfNoEntry: false })?.mtimeMs > 120_000) rmdirSync(lock);
      else execFileSync(process.execPath, ['-e', 'setTimeout(() => {}, 200)']);
    }
  }
  try {
    if (!isStale()) return;
    const tsc = require.resolve('typescript/bin/tsc');
    execFileSync(process.execPath, [tsc, '-p', 'libs/ledger/tsconfig.lib.json'], { cwd: root, stdio: 'inherit' });
    execFileSync(process.execPath, [tsc, '-p', 'apps/cli/tsconfig.app.json'], { cwd: root, stdio: 'inherit' });
  } finally {
    rmdirSync(lock);
  }
}

module.exports = { ensureBuilt, entry };

if (require.main === module) {
  ensureBuilt();
  const run = spawnSync(process.execPath, [entry, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exitCode = run.status ?? 2;
}
