// Thrown when a proof is asked for a revision or event that the given block does not hold.
import { LedgerError } from '../errors';

export class ProofTargetNotFoundError extends LedgerError {
  readonly code = 'PROOF_TARGET_NOT_FOUND';

  constructor(what: string, sequenceNo: number) {
    super(`block ${sequenceNo} holds no ${what}; ask for the block that committed it`, what);
  }
}
