// The transaction's function called `txn.abort()`: the transaction is abandoned, nothing is
// written, and executeLambda rethrows this without retrying.
import { LedgerError } from '../../errors';

export class LambdaAbortedError extends LedgerError {
  readonly code = 'LAMBDA_ABORTED';

  constructor(transactionId: string) {
    super(`transaction ${transactionId} aborted by its function (txn.abort()); nothing was written`, transactionId);
  }
}
