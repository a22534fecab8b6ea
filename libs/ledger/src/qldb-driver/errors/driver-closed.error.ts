// A QldbDriver was asked to run a transaction after close(), as the QLDB driver refused it.
import { LedgerError } from '../../errors';

export class DriverClosedError extends LedgerError {
  readonly code = 'DRIVER_CLOSED';

  constructor(ledgerName: string) {
    super(`the driver of ledger ${JSON.stringify(ledgerName)} is closed; create a new QldbDriver and retry`, ledgerName);
  }
}
