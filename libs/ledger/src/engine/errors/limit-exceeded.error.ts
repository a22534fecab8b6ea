// A transaction went past one of the ledger's limits (document size, documents or bytes per
// transaction, transaction time). Nothing was written.
import { LedgerError } from '../../errors';

export class LimitExceededError extends LedgerError {
  readonly code = 'LIMIT_EXCEEDED';

  constructor(
    readonly limit: string,
    readonly maximum: number,
    actual: number,
    unit: string,
  ) {
    super(`${limit} limit exceeded: ${actual} ${unit} > ${maximum} ${unit} (configure limits.${limit} to change it)`, actual);
  }
}
