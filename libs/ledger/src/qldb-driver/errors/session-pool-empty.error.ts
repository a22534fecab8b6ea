// executeLambda was called while maxConcurrentTransactions transactions were already running on the
// driver: refused at once, not queued, as the QLDB driver's session pool refused it.
import { LedgerError } from '../../errors';

export class SessionPoolEmptyError extends LedgerError {
  readonly code = 'SESSION_POOL_EMPTY';

  constructor(maxConcurrentTransactions: number) {
    super(
      `all ${maxConcurrentTransactions} transactions the driver allows (maxConcurrentTransactions) are running; ` +
        'retry once one has finished, or raise the limit',
      maxConcurrentTransactions,
    );
  }
}
