// Thrown when a proof is not an array of 32-byte hashes.
import { LedgerError } from '../../errors';

export class InvalidProofError extends LedgerError {
  readonly code = 'INVALID_PROOF';

  constructor(message: string, value?: unknown) {
    super(message, value);
  }
}
