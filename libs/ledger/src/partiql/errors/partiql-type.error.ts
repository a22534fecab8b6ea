// A PartiQL operation met a value of a type it cannot take (text added to a number, a CAST that
// cannot convert, a document that is not a struct). The statement stopped; its transaction can
// still be aborted by letting the error through.
import { describeValue, LedgerError } from '../../errors';

export class PartiqlTypeError extends LedgerError {
  readonly code = 'PARTIQL_TYPE';

  constructor(operation: string, expected: string, value: unknown) {
    super(`${operation} expects ${expected}, not ${describeValue(value)}`, value);
  }
}
