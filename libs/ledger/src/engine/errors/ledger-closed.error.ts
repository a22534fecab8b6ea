// The ledger was used after close().
import { LedgerError } from '../../errors';

export class LedgerClosedError extends LedgerError {
  readonly code = 'LEDGER_CLOSED';

  constructor(name: string) {
    super(`ledger ${JSON.stringify(name)} is closed; open it again with Ledger.open`, name);
  }
}
