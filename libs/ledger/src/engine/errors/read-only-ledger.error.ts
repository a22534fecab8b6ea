// A write to a ledger opened read-only (`Ledger.openExisting(..., { readOnly: true })`): nothing was written.
import { LedgerError } from '../../errors';

export class ReadOnlyLedgerError extends LedgerError {
  readonly code = 'READ_ONLY_LEDGER';

  constructor(name: string, what: string) {
    super(`ledger ${JSON.stringify(name)} was opened read-only and refuses ${what}; nothing was written`, name);
  }
}
