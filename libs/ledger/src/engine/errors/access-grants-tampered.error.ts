// The stored access grants disagree with the journal (a grant row changed without its block): the
// ledger refuses to decide any access on them until the database is repaired.
import { LedgerError } from '../../errors';

export class AccessGrantsTamperedError extends LedgerError {
  readonly code = 'ACCESS_GRANTS_TAMPERED';

  constructor(documentId: string, detail: string) {
    super(`access grant ${documentId} is not what the journal holds: ${detail}; no access is decided until the grants are repaired (ledger.verify() locates the damage)`, documentId);
  }
}
