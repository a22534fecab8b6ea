// A PartiQL statement reached one of the limits that keep its time and memory bounded by its size
// and its data's (a value's size, a text's length, an integer's bits; docs/partiql-limits.md names
// them all). The statement stopped; nothing it would have written was written.
import { LedgerError } from '../../errors';

export class PartiqlLimitError extends LedgerError {
  readonly code = 'PARTIQL_LIMIT';

  constructor(
    /** Which limit: `valueSize`, `textLength` or `integerBits`. */
    readonly limit: string,
    readonly maximum: number,
    actual: string,
  ) {
    super(`PartiQL ${limit} limit exceeded: ${actual} > ${maximum}`, actual);
  }
}
