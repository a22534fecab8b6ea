// Runs the built `ledger` command as a child process, as a user would: builds it first when its
// sources changed (apps/cli/ledger-dev.js), then returns exit code, stdout and stderr.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const dev = require('../../apps/cli/ledger-dev.js') as { ensureBuilt(): void; entry: string };

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Builds the CLI when stale (call once in beforeAll). */
export function buildCli(): void {
  dev.ensureBuilt();
}

/** Runs `ledger <args>` with optional stdin and environment; resolves when it exits. */
export function ledgerCli(args: readonly string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [dev.entry, ...args], { env: { ...process.env, ...options.env }, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/** Starts `ledger <args>` without waiting: for commands that follow the journal (tail). */
export function startLedgerCli(args: readonly string[]): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [dev.entry, ...args], { stdio: 'pipe' });
}
