// Thrown when a value given as a hash is not one: not a Uint8Array, or not 32 bytes long
// (or, where the empty hash is allowed, not 0 or 32 bytes long).
import { LedgerError } from '../../errors';

export class InvalidHashError extends LedgerError {
  readonly code = 'INVALID_HASH';

  constructor(message: string, value?: unknown) {
    super(message, value);
  }
}
