// A decorated aggregate, event, handler or module registration is wrong (found when it is first
// used or at application bootstrap, never while committing).
import { LedgerError } from '../../errors';

export class InvalidDefinitionError extends LedgerError {
  readonly code = 'INVALID_DEFINITION';

  constructor(message: string, value: unknown) {
    super(message, value);
  }
}
