// The bank sample's domain rule: an account never goes below zero.
import { LedgerError } from 'nestjs-ledger';

export class InsufficientFundsError extends LedgerError {
  readonly code = 'INSUFFICIENT_FUNDS';

  constructor(accountId: string, balance: number, amount: number) {
    super(`account ${accountId} holds ${balance}, less than the ${amount} asked for`, amount);
  }
}
