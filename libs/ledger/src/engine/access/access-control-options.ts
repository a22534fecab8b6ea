// How a ledger's access control is configured (LedgerOptions.accessControl).

/** Access control, in the style of QLDB's STANDARD permissions mode; absent, the ledger checks nothing. */
export interface AccessControlOptions {
  /**
   * Principals that hold every permission, as an account's administrators do in QLDB's IAM: they
   * define the first roles and grant them. Part of the ledger's configuration, not of its journal.
   */
  administrators: readonly string[];
  /**
   * Whom work that runs outside any principal's scope runs as: the application's bootstrap, its
   * projections and process managers. Absent: such work is refused. Requests should always run in
   * a scope (runAsPrincipal, the Nest interceptor), even unauthenticated ones (principal null).
   */
  servicePrincipal?: string;
  /**
   * How long, in ms, grants read are reused before this process looks for a change another process
   * made (default 1000; 0: look before every transaction). A transaction that writes is checked at
   * commit against the grants in force then, whatever this says.
   */
  recheckMs?: number;
}
