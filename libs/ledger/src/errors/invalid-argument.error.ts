// A call was given a value it cannot accept (a bad table name, a document that is not a struct…).
// Nothing was written.
import { LedgerError } from './ledger.error';

export class InvalidArgumentError extends LedgerError {
  readonly code = 'INVALID_ARGUMENT';

  constructor(message: string, value: unknown) {
    super(message, value);
  }
}
