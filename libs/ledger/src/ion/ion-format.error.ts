// The error for bytes or text that are not one well-formed Ion value (fromIon).
import { LedgerError } from '../errors';

/** Malformed Ion input: the message names the problem and, where known, its position. */
export class IonFormatError extends LedgerError {
  readonly code = 'ION_FORMAT';

  constructor(message: string, value?: unknown) {
    super(message, value);
  }
}
