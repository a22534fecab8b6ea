// A worker thread that verify(), an import or an export handed blocks to failed (it crashed, was
// terminated or could not start): the operation stops; an import keeps nothing it would have
// written, an export no unfinished data file and no completed manifest.
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
