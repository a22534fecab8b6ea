// Thrown when a sequence number, tip or tree size is not a non-negative safe integer, or lies
// outside the tree it is asked about.
import { LedgerError } from '../../errors';

export class InvalidTreePositionError extends LedgerError {
  readonly code = 'INVALID_TREE_POSITION';

  constructor(message: string, value?: unknown) {
    super(message, value);
  }
}
