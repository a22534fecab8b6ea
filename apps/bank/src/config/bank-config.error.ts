// A setting in the environment the bank cannot start with.
import { LedgerError } from 'nestjs-ledger';

export class BankConfigError extends LedgerError {
  readonly code = 'BANK_CONFIG';

  constructor(message: string, value: unknown) {
    super(message, value);
  }
}
