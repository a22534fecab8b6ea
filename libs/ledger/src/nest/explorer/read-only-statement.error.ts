// The explorer's PartiQL console runs queries only: any other statement is refused before it runs.
import { LedgerError } from '../../errors';

export class ReadOnlyStatementError extends LedgerError {
  readonly code = 'READ_ONLY_STATEMENT';

  constructor(kind: string, statement: string) {
    super(`the explorer runs queries only (SELECT, EXPLAIN); this statement is ${kind.toUpperCase()}: ${statement.trim().slice(0, 80)}`, statement);
  }
}
