// A redaction the rules refuse: for a revision (QLDB's), the revision named is the document's latest,
// its deletion, already redacted, in a dropped table, or not in the journal where the arguments place
// it; for an event, no such event, no payload, or already redacted (docs/governance.md).
import { LedgerError } from '../../errors';

export class RedactionRefusedError extends LedgerError {
  readonly code = 'REDACTION_REFUSED';

  /** `subject` names what was to be redacted: the revision (by default) or the event. */
  constructor(reason: string, value: unknown, subject: 'the revision' | 'the event' = 'the revision') {
    super(`${subject} cannot be redacted: ${reason}`, value);
  }
}
