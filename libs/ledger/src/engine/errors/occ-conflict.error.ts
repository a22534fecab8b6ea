// A transaction's reads changed under it before it could commit (optimistic concurrency).
// `execute` retries the whole transaction; this surfaces only after the last retry.
import { LedgerError } from '../../errors';

export class OccConflictError extends LedgerError {
  readonly code = 'OCC_CONFLICT';

  constructor(what: string, attempts?: number) {
    super(
      `transaction conflict: ${what} changed after this transaction read it` +
        (attempts ? `; gave up after ${attempts} attempts (raise retry.maxRetries or reduce contention)` : '; retry it'),
      what,
    );
  }
}
