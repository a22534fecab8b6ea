// A statement was run while no statement language had filled the engine's statement port: the
// engine was loaded without PartiQL (import the package's entry point, which loads it).
import { LedgerError } from '../../errors';

export class StatementLanguageMissingError extends LedgerError {
  readonly code = 'STATEMENT_LANGUAGE_MISSING';

  constructor() {
    super("no statement language is installed: import 'nestjs-ledger' (it loads PartiQL) before running statements");
  }
}
