// Runs the sample bank as `npm start` does, as a child process: builds what the start script builds
// (when stale, one build at a time) and starts its `node dist/apps/bank/main.js` in a directory
// with an environment, resolving once the bank logs the URL it listens on.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { buildCli } from './cli';

const root = join(__dirname, '../..');
const bankSources = join(root, 'apps/bank/src');
const buildLock = join(root, 'dist/.bank-build.lock');

/** The repository's package.json scripts. */
export const scripts: Record<string, string> = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts;

/**
 * Builds what `npm start` builds (the library and the CLI, then the bank; the first two through the
 * CLI's own build, which other tests share under a lock) and returns the script it then runs.
 */
export function buildStartedMain(): string {
  const [, main] = /^npm run build:bank && node (\S+)$/.exec(scripts.start) ?? [];
  expect(main).toBe('dist/apps/bank/main.js');
  expect(scripts['build:bank']).toBe('npm run build:cli && tsc -p apps/bank/tsconfig.app.json');
  buildCli();
  buildBank(join(root, main));
  return join(root, main);
}

/**
 * Compiles the bank when `main` is older than a source, one build at a time across test processes
 * (a lock directory), so no test starts a bank whose files another build is rewriting.
 */
function buildBank(main: string): void {
  mkdirSync(join(root, 'dist'), { recursive: true });
  while (!tryMkdir(buildLock)) execFileSync(process.execPath, ['-e', 'setTimeout(() => {}, 200)']);
  try {
    if (existsSync(main) && statSync(main).mtimeMs >= newestSource(bankSources)) return;
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'apps/bank/tsconfig.app.json'], { cwd: root, stdio: 'pipe' });
  } finally {
    rmdirSync(buildLock);
  }
}

function tryMkdir(path: string): boolean {
  try {
    mkdirSync(path);
    return true;
  } catch {
    return false;
  }
}

/** The newest modification time of the .ts files under `directory`, specs left out. */
function newestSource(directory: string): number {
  return Math.max(
    0,
    ...readdirSync(directory, { withFileTypes: true }).map((entry) => {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) return newestSource(path);
      return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? statSync(path).mtimeMs : 0;
    }),
  );
}

export interface RunningBank {
  child: ChildProcess;
  url: string;
  /** Everything it printed so far. */
  output: () => string;
  /** Its exit code once it exits. */
  exited: Promise<number | null>;
}

/** Starts the built bank in `cwd` with only `env` (and PATH) set; resolves once it listens. */
export function startBank(main: string, cwd: string, env: Record<string, string>): Promise<RunningBank> {
  const child = spawn(process.execPath, [main], { cwd, env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/localhost:\d+)/.exec(output);
      if (match) resolve({ child, url: match[1], output: () => output, exited });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => reject(new Error(`the bank exited with ${code} before listening:\n${output}`)));
  });
}

/** The headers of a request with the sample's teller key, or its auditor key. */
export const TELLER = { 'x-api-key': 'teller-sample-key' };
export const AUDITOR = { 'x-api-key': 'auditor-sample-key' };

/** POSTs `body` as JSON as a teller; resolves to the status and the parsed response. */
export async function postJson(url: string, body: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...TELLER }, body: JSON.stringify(body) });
  return { status: response.status, body: await response.json() };
}
