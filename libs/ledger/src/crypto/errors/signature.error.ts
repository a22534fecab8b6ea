// Thrown when a signed digest does not verify: wrong key, altered text, or a malformed note.
import { LedgerError } from '../../errors';

export class SignatureError extends LedgerError {
  readonly code = 'INVALID_SIGNATURE';

  constructor(message: string, value?: unknown) {
    super(message, value);
  }
}
