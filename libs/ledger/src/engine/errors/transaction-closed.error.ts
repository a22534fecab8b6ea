// A transaction object was used after its `execute` callback returned.
import { LedgerError } from '../../errors';

export class TransactionClosedError extends LedgerError {
  readonly code = 'TRANSACTION_CLOSED';

  constructor(transactionId: string) {
    super(`transaction ${transactionId} has ended; use the transaction only inside its execute callback`, transactionId);
  }
}
