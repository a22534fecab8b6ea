// A checkpoint witness refused a checkpoint: it does not extend the last one the witness holds
// (another ledger's history, a rewrite, a cut-off journal), or the submission was made against an
// older last checkpoint. Nothing was appended.
import { LedgerError } from '../../errors';

export class CheckpointRefusedError extends LedgerError {
  readonly code = 'CHECKPOINT_REFUSED';

  constructor(
    readonly witness: string,
    reason: string,
  ) {
    super(`the witness ${witness} refused the checkpoint: ${reason}`, witness);
  }
}
