// A failure of the database underneath the ledger (cannot open, disk full, lost connection).
import { LedgerError } from '../errors';

export class StorageError extends LedgerError {
  /** `STORAGE`, or a subclass's more precise code. */
  readonly code: string = 'STORAGE';

  constructor(message: string, value: unknown, cause?: unknown) {
    super(message, value);
    if (cause !== undefined) (this as { cause?: unknown }).cause = cause;
  }
}
