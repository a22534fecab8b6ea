// Thrown when a digest cannot be written as a checkpoint: an origin or key name that the
// signed-note format forbids, or a tree size that is not a positive safe integer.
import { LedgerError } from '../../errors';

export class InvalidCheckpointError extends LedgerError {
  readonly code = 'INVALID_CHECKPOINT';

  constructor(message: string, value?: unknown) {
    super(message, value);
  }
}
