// A projection was asked for by a name no registered projection has (rebuild, status, start, stop).
import { LedgerError } from '../../errors';

export class ProjectionNotFoundError extends LedgerError {
  readonly code = 'PROJECTION_NOT_FOUND';

  constructor(name: unknown, known: readonly string[]) {
    super(`no projection is named ${JSON.stringify(name)}; the registered ones are: ${known.map((n) => JSON.stringify(n)).join(', ') || 'none'}`, name);
  }
}
