// The bank's domain rule: an account never goes below zero.
import { LedgerError, type Decimal } from 'nestjs-ledger';
import { moneyText } from './money';

export class InsufficientFundsError extends LedgerError {
  readonly code = 'INSUFFICIENT_FUNDS';

  constructor(accountId: string, balance: Decimal, amount: Decimal) {
    super(`account ${accountId} holds ${moneyText(balance)}, less than the ${moneyText(amount)} asked for`, amount);
  }
}
