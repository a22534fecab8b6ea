// A command expected an aggregate at one version and found another (or expected a new aggregate
// and found one). Nothing was written; reload and decide again.
import { LedgerError } from '../../errors';

/** The version of an aggregate that does not exist yet. */
export const NEW_AGGREGATE_VERSION = -1;

export class ConcurrencyError extends LedgerError {
  readonly code = 'CONCURRENCY';

  constructor(
    readonly aggregate: string,
    readonly aggregateId: string,
    readonly expectedVersion: number,
    readonly actualVersion: number,
  ) {
    super(describe(aggregate, aggregateId, expectedVersion, actualVersion), aggregateId);
  }
}

function describe(aggregate: string, id: string, expected: number, actual: number): string {
  if (expected === NEW_AGGREGATE_VERSION) return `${aggregate} ${id} already exists (at version ${actual}); expected a new aggregate`;
  return `${aggregate} ${id} is at version ${actual}, not at the expected version ${expected}; reload it and decide again`;
}
