// A checkpoint witness could not be read or written (a missing or unreadable file), or holds no
// checkpoint when one is needed to verify against.
import { LedgerError } from '../../errors';

export class WitnessUnreadableError extends LedgerError {
  readonly code = 'WITNESS_UNREADABLE';

  constructor(
    readonly witness: string,
    reason: string,
    override readonly cause?: unknown,
  ) {
    super(`the witness ${witness} ${reason}`, witness);
  }
}
