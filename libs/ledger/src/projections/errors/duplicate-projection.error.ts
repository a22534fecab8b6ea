// Two projections registered under one name: they would share (and fight over) one checkpoint.
import { LedgerError } from '../../errors';

export class DuplicateProjectionError extends LedgerError {
  readonly code = 'DUPLICATE_PROJECTION';

  constructor(name: string, first: string, second: string) {
    super(`two projections are named ${JSON.stringify(name)} (${first} and ${second}): each needs its own name, which keys its checkpoint`, name);
  }
}
