// A pool of worker threads for the bulk work of verify(), imports and exports (bulk-tasks.ts): each task goes
// to the worker with the fewest tasks outstanding; the caller bounds how many are in flight (so
// memory does not grow with the journal). A worker that crashes, is terminated or cannot start
// fails every outstanding and later task with a BulkWorkerFailedError. The worker's file resolves
// beside this one: dist/.../bulk-worker.js in the package; in the source tree (tests) bulk-worker.ts
// through the repository's TypeScript hook.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { startWorker, workerFile } from '../../storage';
import { BulkWorkerFailedError, InvalidArgumentError } from '../errors';
import { BULK_TASKS, type BulkResponse, type BulkTaskInput, type BulkTaskName, type BulkTaskOutput } from './bulk-tasks';

const WORKER_FILE = workerFile(__dirname, 'bulk-worker');

interface Outstanding {
  task: BulkTaskName;
  resolve(output: unknown): void;
  reject(error: Error): void;
}

interface PooledWorker {
  worker: Worker;
  outstanding: Map<number, Outstanding>;
}

let startedListener: ((worker: Worker) => void) | undefined;

/** Calls `listener` with each bulk worker as it starts (fault-injection tests terminate one); undefined stops. */
export function onBulkWorkerStarted(listener: ((worker: Worker) => void) | undefined): void {
  startedListener = listener;
}

/**
 * Workers pay from this many cores on: on two, the calling thread keeps about half of a block's CPU
 * (verify of 20,000 blocks: 1.15-1.2x as fast on workers once warm, slower in a fresh process).
 */
const WORKERS_FROM_CORES = 3;

/** The number of workers a bulk operation starts by default: one per core the process may use, none below 3 cores. */
export function defaultWorkerCount(): number {
  const cores = availableParallelism();
  return cores < WORKERS_FROM_CORES ? 0 : cores;
}

/** Runs bulk tasks in the calling thread (no workers) or on a pool of worker threads. */
export interface BulkRunner {
  /** How many workers run the tasks; 0 when they run in the calling thread. */
  readonly parallelism: number;
  run<T extends BulkTaskName>(task: T, input: BulkTaskInput<T>): Promise<BulkTaskOutput<T>>;
  close(): Promise<void>;
}

/** A task over a list, its items split evenly among the runner's workers (or all in this thread), the outputs in order. */
export async function runSplit<T extends 'storedDataHashes'>(runner: BulkRunner, task: T, items: BulkTaskInput<T>): Promise<BulkTaskOutput<T>> {
  if (runner.parallelism === 0 || items.length === 0) return (BULK_TASKS[task] as (input: unknown) => BulkTaskOutput<T>)(items);
  const parts = splitEvenly(items, runner.parallelism) as BulkTaskInput<T>[];
  return (await Promise.all(parts.map((part) => runner.run(task, part)))).flat() as BulkTaskOutput<T>;
}

/** `items` in at most `parts` consecutive slices of equal length (the last may be shorter). */
export function splitEvenly<T>(items: readonly T[], parts: number): T[][] {
  return chunksOf(items, Math.max(1, Math.ceil(items.length / parts)));
}

/** `items` in consecutive slices of `size` (the last may be shorter). */
export function chunksOf<T>(items: readonly T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
}

/** The most worker threads an operation may ask for. */
export const MAX_WORKERS = 256;

/** Refuses a `workers` option that is neither undefined (the default) nor an integer 0..MAX_WORKERS: InvalidArgumentError naming it. */
export function checkWorkerCount(workers: unknown): void {
  if (workers === undefined) return;
  if (typeof workers !== 'number' || !Number.isSafeInteger(workers) || workers < 0 || workers > MAX_WORKERS) {
    throw new InvalidArgumentError(`workers must be an integer from 0 to ${MAX_WORKERS}, not ${String(workers)}`, workers);
  }
}

/**
 * A runner with `workers` worker threads, or the calling thread when `workers` is 0 or the worker's
 * file is not beside this one (the library bundled into one file by an application). The workers
 * are kept between operations (a worker's start and its compiler's warm-up cost more than verifying
 * a few thousand blocks) without keeping the process alive, and end after IDLE_MS unused.
 */
export function bulkRunner(workers: number): BulkRunner {
  if (workers <= 0 || !existsSync(WORKER_FILE)) return inThisThread;
  if (shared?.parallelism !== workers || shared.failed) {
    void shared?.close();
    shared = new BulkWorkers(workers);
  }
  return shared.lease();
}

const IDLE_MS = 30_000;
let shared: BulkWorkers | undefined;

const inThisThread: BulkRunner = {
  parallelism: 0,
  run: async (task, input) => (BULK_TASKS[task] as (input: unknown) => never)(input),
  close: async () => undefined,
};

class BulkWorkers {
  private readonly workers: PooledWorker[];
  private nextId = 0;
  private failure: BulkWorkerFailedError | undefined;
  private closing = false;
  private leases = 0;
  private idle: NodeJS.Timeout | undefined;

  constructor(count: number) {
    this.workers = Array.from({ length: count }, () => this.start());
  }

  get parallelism(): number {
    return this.workers.length;
  }

  get failed(): boolean {
    return this.failure !== undefined || this.closing;
  }

  /** The pool for one operation; its close() releases it, and the pool ends once idle. */
  lease(): BulkRunner {
    clearTimeout(this.idle);
    this.leases++;
    this.setReferenced(true);
    let released = false;
    return {
      parallelism: this.parallelism,
      run: (task, input) => this.run(task, input),
      close: async () => {
        if (released) return;
        released = true;
        if (--this.leases > 0) return;
        this.setReferenced(false);
        this.idle = setTimeout(() => void this.close(), IDLE_MS).unref();
      },
    };
  }

  /** Referenced workers keep the process alive while an operation uses them; idle ones do not. */
  private setReferenced(referenced: boolean): void {
    for (const { worker } of this.workers) {
      if (referenced) worker.ref();
      else worker.unref();
    }
  }

  run<T extends BulkTaskName>(task: T, input: BulkTaskInput<T>): Promise<BulkTaskOutput<T>> {
    if (this.failure) return Promise.reject(this.failure);
    const pooled = this.workers.reduce((least, w) => (w.outstanding.size < least.outstanding.size ? w : least));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      pooled.outstanding.set(id, { task, resolve: resolve as (output: unknown) => void, reject });
      pooled.worker.postMessage({ id, task, input });
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    clearTimeout(this.idle);
    await Promise.all(this.workers.map(({ worker }) => worker.terminate()));
  }

  private start(): PooledWorker {
    const worker = startWorker(WORKER_FILE);
    const pooled: PooledWorker = { worker, outstanding: new Map() };
    worker.on('message', (response: BulkResponse) => this.answer(pooled, response));
    worker.on('error', (error) => this.fail(pooled, `it threw ${error.message}`, error));
    worker.on('exit', (code) => this.closing || this.fail(pooled, `it exited with code ${code}`));
    startedListener?.(worker);
    return pooled;
  }

  private answer(pooled: PooledWorker, response: BulkResponse): void {
    const outstanding = pooled.outstanding.get(response.id);
    if (!outstanding) return;
    pooled.outstanding.delete(response.id);
    if ('error' in response) outstanding.reject(new BulkWorkerFailedError(outstanding.task, response.error));
    else outstanding.resolve(response.output);
  }

  /** A worker is gone: every task outstanding anywhere fails, and so does every later one. */
  private fail(pooled: PooledWorker, reason: string, cause?: unknown): void {
    this.failure ??= new BulkWorkerFailedError([...pooled.outstanding.values()][0]?.task ?? 'bulk work', reason, cause);
    for (const { outstanding } of this.workers) {
      for (const { reject } of outstanding.values()) reject(this.failure);
      outstanding.clear();
    }
    void this.close();
  }
}
