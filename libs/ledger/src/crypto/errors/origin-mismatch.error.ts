// Thrown when a signed checkpoint verifies but names another ledger (or strand) than the one the
// verifier expects: a genuine signature over someone else's digest proves nothing about this one.
import { describeValue, LedgerError } from '../../errors';

export class OriginMismatchError extends LedgerError {
  readonly code = 'ORIGIN_MISMATCH';

  constructor(
    readonly expectedOrigin: string,
    readonly actualOrigin: string,
  ) {
    super(`the signed checkpoint is for ${describeValue(actualOrigin)}, not the expected origin ${describeValue(expectedOrigin)}`, actualOrigin);
  }
}
