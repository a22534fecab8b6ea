// A command or a read named an aggregate id that its aggregate's table does not hold.
import { LedgerError } from '../../errors';

export class AggregateNotFoundError extends LedgerError {
  readonly code = 'AGGREGATE_NOT_FOUND';

  constructor(
    readonly aggregate: string,
    aggregateId: unknown,
  ) {
    super(`${aggregate} ${JSON.stringify(aggregateId)} not found: no ${aggregate} has that id`, aggregateId);
  }
}
