// A principal asked for an action that no role granted to it allows, on a table, a command or the
// ledger: refused before anything was read or written.
import { LedgerError } from '../../errors';

export class AccessDeniedError extends LedgerError {
  readonly code = 'ACCESS_DENIED';

  constructor(
    /** Who asked (null: no principal was supplied). */
    readonly principal: string | null,
    readonly action: string,
    /** The table or command acted on; undefined for an action on the ledger itself. */
    readonly on: string | undefined,
  ) {
    super(`${principal === null ? 'a request without a principal' : `principal ${JSON.stringify(principal)}`} may not ${action}${on === undefined ? ' on the ledger' : ` on ${JSON.stringify(on)}`}: no role granted to it allows this; nothing was written`, principal);
  }
}
