// `ledger shell`'s history is private: with HOME pointed at a temporary directory, a session read
// from a pipe writes no ~/.ledger_history, and a session on a real pseudo-terminal (util-linux's
// `script`) creates it 0600 and tightens an existing world-readable one to 0600.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ledger } from 'nestjs-ledger';
import { buildCli, ledgerCli } from './support/cli';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const dev = require('../apps/cli/ledger-dev.js') as { entry: string };

const home = mkdtempSync(join(tmpdir(), 'ledger-shell-home-'));
const historyFile = join(home, '.ledger_history');
const db = join(home, 'shell.ledger');
const hasScript = spawnSync('script', ['--version']).status === 0;

/** Runs `ledger shell` on a pseudo-terminal through `script`, typing `statements`; resolves on exit. */
function shellOnTerminal(statements: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const command = [process.execPath, dev.entry, 'shell', db].map((a) => `'${a}'`).join(' ');
    const child = spawn('script', ['-q', '-e', '-c', command, '/dev/null'], { env: { ...withoutHistoryFile(), HOME: home }, stdio: 'pipe' });
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? -1));
    child.stdout.resume();
    child.stdin.end(`${statements}\n.quit\n`);
  });
}

/** The environment without LEDGER_HISTORY_FILE, so the shell uses ~/.ledger_history. */
function withoutHistoryFile(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.LEDGER_HISTORY_FILE;
  return env;
}

beforeAll(async () => {
  buildCli();
  const ledger = await Ledger.open({ name: 'shell', storage: { type: 'sqlite', database: db } });
  await ledger.query('CREATE TABLE T');
  await ledger.close();
});

afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('ledger shell history', () => {
  it('writes no history when its input is a pipe', async () => {
    const run = await ledgerCli(['shell', db], { input: 'SELECT * FROM T;\n', env: { ...withoutHistoryFile(), HOME: home } });
    expect(run.code).toBe(0);
    expect(existsSync(historyFile)).toBe(false);
  });

  (hasScript ? it : it.skip)('on a terminal, creates the history file 0600, and tightens an existing one to 0600', async () => {
    expect(await shellOnTerminal('SELECT * FROM T;')).toBe(0);
    expect(statSync(historyFile).mode & 0o777).toBe(0o600);
    chmodSync(historyFile, 0o644);
    expect(await shellOnTerminal('SELECT VALUE 1 FROM T;')).toBe(0);
    expect(statSync(historyFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(historyFile, 'utf8').split('\n')).toEqual(['SELECT * FROM T', 'SELECT VALUE 1 FROM T', '']);
  });

});
