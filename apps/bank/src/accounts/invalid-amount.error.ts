// An amount that is not a decimal string with at most two fractional digits ("25", "25.50").
import { LedgerError } from 'nestjs-ledger';

export class InvalidAmountError extends LedgerError {
  readonly code = 'INVALID_AMOUNT';

  constructor(amount: unknown) {
    super(`amount ${JSON.stringify(amount)} is not a decimal with at most two fractional digits, such as "25.50"`, amount);
  }
}
