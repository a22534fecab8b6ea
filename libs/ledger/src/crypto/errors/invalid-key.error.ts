// Thrown when a key given for signing or verifying a digest is not a usable Ed25519 key.
import { LedgerError } from '../../errors';

export class InvalidKeyError extends LedgerError {
  readonly code = 'INVALID_KEY';

  constructor(message: string, value?: unknown) {
    super(message, value);
  }
}
