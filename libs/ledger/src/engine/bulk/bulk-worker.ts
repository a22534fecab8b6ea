// The entry of a bulk worker thread (started by BulkWorkers): runs each task it is sent and posts
// back its output; a task that throws answers with the error's message.
import { parentPort } from 'node:worker_threads';
import '../native-crypto';
import { BULK_TASKS, type BulkRequest, type BulkResponse } from './bulk-tasks';

parentPort?.on('message', ({ id, task, input }: BulkRequest) => {
  let response: BulkResponse;
  try {
    response = { id, output: (BULK_TASKS[task] as (input: unknown) => unknown)(input) };
  } catch (error) {
    response = { id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(response);
});
