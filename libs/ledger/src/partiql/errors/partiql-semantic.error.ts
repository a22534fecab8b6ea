// A PartiQL statement that parses but means nothing runnable: an unknown function or name, a wrong
// number of arguments or parameters, DML on a view. Nothing ran.
import { LedgerError } from '../../errors';

export class PartiqlSemanticError extends LedgerError {
  readonly code = 'PARTIQL_SEMANTIC';

  constructor(message: string, value?: unknown) {
    super(message, value);
  }
}
