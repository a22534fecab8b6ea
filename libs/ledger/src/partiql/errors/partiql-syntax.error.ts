// A PartiQL statement that does not parse: where (line and column, 1-based), what the parser
// expected there, and what it found instead. Nothing ran.
import { LedgerError } from '../../errors';

export class PartiqlSyntaxError extends LedgerError {
  readonly code = 'PARTIQL_SYNTAX';

  constructor(
    readonly line: number,
    readonly column: number,
    readonly expected: string,
    readonly found: string,
  ) {
    super(`PartiQL syntax error at line ${line}, column ${column}: expected ${expected}, found ${found}`, found);
  }
}
