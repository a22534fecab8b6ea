// Thrown when a saved proof file cannot be read: not Ion, or not shaped like a proof file.
import { LedgerError } from '../errors';

export class InvalidProofFileError extends LedgerError {
  readonly code = 'INVALID_PROOF_FILE';

  constructor(message: string, value?: unknown) {
    super(`${message}; a proof file is the Ion text written by formatProofFile (ledger revision/block/digest)`, value);
  }
}
