// A redaction that QLDB's rules refuse: the revision named is the document's latest, its deletion,
// already redacted, in a dropped table, or not in the journal where the arguments place it.
import { LedgerError } from '../../errors';

export class RedactionRefusedError extends LedgerError {
  readonly code = 'REDACTION_REFUSED';

  constructor(reason: string, value: unknown) {
    super(`the revision cannot be redacted: ${reason}`, value);
  }
}
