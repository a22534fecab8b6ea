// Starts a worker thread from a file beside the code that asks: `<name>.js` in the package, and in the
// source tree (tests) `<name>.ts` through the repository's TypeScript hook.
import { join } from 'node:path';
import { Worker, type WorkerOptions } from 'node:worker_threads';

const FROM_SOURCE = __filename.endsWith('.ts');
/** The source tree's require hook for TypeScript (test/support/register-ts.js), used only when running from source. */
const TYPESCRIPT_HOOK = join(__dirname, '../../../../test/support/register-ts.js');

/** The worker file `name` in `directory`: the compiled one in the package, the TypeScript one in the source tree. */
export function workerFile(directory: string, name: string): string {
  return join(directory, FROM_SOURCE ? `${name}.ts` : `${name}.js`);
}

/** A worker thread running `file` (from workerFile). */
export function startWorker(file: string, options: WorkerOptions = {}): Worker {
  return FROM_SOURCE ? new Worker(`require(${JSON.stringify(TYPESCRIPT_HOOK)}); require(${JSON.stringify(file)});`, { ...options, eval: true }) : new Worker(file, options);
}
