// A worker thread that verify() or an import handed blocks to failed (it crashed, was terminated or
// could not start): the operation stops, and nothing it would have written is kept.
import { LedgerError } from '../../errors';

export class BulkWorkerFailedError extends LedgerError {
  readonly code = 'WORKER_FAILED';

  constructor(
    readonly task: string,
    reason: string,
    override readonly cause?: unknown,
  ) {
    super(`a worker thread running ${task} failed: ${reason}`, task);
  }
}
