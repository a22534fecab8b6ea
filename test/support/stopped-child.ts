// Runs a child script that stops for good at a known point and prints one JSON line there (or when
// it ends first), kills it with SIGKILL, and returns that line: the crash specs' way of killing a
// process at a known point, never after a delay.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** Runs `script` (a .ts file under test/support, with `args`) until it prints its line or exits, kills it, and returns the line parsed ({} when it printed none). */
export async function runUntilStopped(script: string, args: readonly string[]): Promise<Record<string, unknown>> {
  const child = spawn(process.execPath, ['-r', './test/support/register-ts.js', script, ...args], { cwd: join(__dirname, '../..'), stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const firstLine = createInterface({ input: child.stdout })[Symbol.asyncIterator]().next().then((next) => next.value as string | undefined);
  const line = await Promise.race([firstLine, exited.then(() => undefined)]);
  child.kill('SIGKILL');
  await exited;
  return JSON.parse(line ?? '{}') as Record<string, unknown>;
}
