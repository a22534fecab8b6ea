// The work verify(), an import and an export hand to worker threads: pure functions of
// structured-cloneable input, run the same way in the calling thread or in a worker
// (bulk-worker.ts), so that both paths give identical results.
import { inspectStoredBlocks } from './stored-block-inspection';
import { decodeImportedBlocks } from './imported-block-decoding';
import { storedDataHashes } from './stored-data-hashes';
import { encodeStoredBlocks } from './exported-block-encoding';

export const BULK_TASKS = {
  inspectStoredBlocks,
  storedDataHashes,
  decodeImportedBlocks,
  encodeStoredBlocks,
};

export type BulkTaskName = keyof typeof BULK_TASKS;
export type BulkTaskInput<T extends BulkTaskName> = Parameters<(typeof BULK_TASKS)[T]>[0];
export type BulkTaskOutput<T extends BulkTaskName> = ReturnType<(typeof BULK_TASKS)[T]>;

/** A request to a worker, and its answer. */
export interface BulkRequest {
  id: number;
  task: BulkTaskName;
  input: unknown;
}

export type BulkResponse = { id: number; output: unknown } | { id: number; error: string };
