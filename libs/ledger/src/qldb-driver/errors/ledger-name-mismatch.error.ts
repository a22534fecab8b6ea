// A driver or control-plane request named a ledger other than the one it was given (QLDB answered
// such a name with ResourceNotFoundException).
import { LedgerError } from '../../errors';

export class LedgerNameMismatchError extends LedgerError {
  readonly code = 'LEDGER_NAME_MISMATCH';

  constructor(requested: string, actual: string) {
    super(`no ledger named ${JSON.stringify(requested)} here: this client serves ledger ${JSON.stringify(actual)}`, requested);
  }
}
