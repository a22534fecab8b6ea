// A PartiQL operation could not produce a value from values of the right types: division by zero,
// a number or timestamp out of range, a path that names nothing to change.
import { LedgerError } from '../../errors';

export class PartiqlEvaluationError extends LedgerError {
  readonly code = 'PARTIQL_EVALUATION';

  constructor(message: string, value?: unknown) {
    super(message, value);
  }
}
