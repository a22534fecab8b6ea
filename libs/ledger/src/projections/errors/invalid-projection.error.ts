// A @Projection class, its @On methods or its options are wrong (found when decorating or registering,
// never while events flow).
import { LedgerError } from '../../errors';

export class InvalidProjectionError extends LedgerError {
  readonly code = 'INVALID_PROJECTION';

  constructor(message: string, value: unknown) {
    super(message, value);
  }
}
