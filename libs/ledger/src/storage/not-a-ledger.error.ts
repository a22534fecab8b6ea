// The database opened is not a ledger, or its journal does not verify against its own tree.
import { LedgerError } from '../errors';

export class NotALedgerError extends LedgerError {
  readonly code = 'NOT_A_LEDGER';

  constructor(location: string, reason: string) {
    super(`${location} is not a usable ledger: ${reason}`, location);
  }
}
