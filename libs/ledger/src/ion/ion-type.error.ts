// The error for a JavaScript value that has no Ion equivalent (toIon, ionHash).
import { LedgerError } from '../errors';

/** A value outside the ledger's Ion value model: the message names the value and its path (`$.a.b[2]`). */
export class IonTypeError extends LedgerError {
  readonly code = 'ION_TYPE';

  constructor(
    message: string,
    value?: unknown,
    /** Where the value sits in the document, e.g. `$.owners[0].name`. */
    readonly path = '$',
  ) {
    super(message, value);
  }
}
