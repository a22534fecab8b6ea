// The database accepts PostgreSQL's advisory-lock functions but they do not exclude anything (on
// CockroachDB they are no-ops that always succeed). The ledger's writers rely on its advisory lock
// to take sequence numbers in commit order; without it two writers could fork the chain. Detected
// at open: while one connection holds the ledger's lock, another could take it. Nothing was written.
import { StorageError } from '../storage.error';

export class AdvisoryLocksIneffectiveError extends StorageError {
  override readonly code = 'POSTGRES_ADVISORY_LOCKS_INEFFECTIVE';

  constructor(
    /** Where the ledger is (describeStorage). */
    readonly location: string,
  ) {
    super(
      `cannot open ${location}: its advisory locks do not lock (while one connection held the ledger's lock, another took it too), ` +
        'so concurrent writers could fork the chain; the ledger needs PostgreSQL (advisory locks are no-ops on CockroachDB and some look-alikes)',
      location,
    );
  }
}
