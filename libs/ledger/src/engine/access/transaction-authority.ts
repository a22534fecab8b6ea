// What a transaction may do and whom its block names: the principal it runs as and, when access
// control is configured, the policy its actions are checked against. Inside a command the
// command's permission covers the tables it reads and writes.
import { AccessDeniedError } from '../errors';
import type { AccessPolicy } from './access-policy';
import { EVERY, type AccessAction } from './ledger-actions';

/** The grants a transaction's policy was read from: its table and the newest change seen then. */
export interface GrantsRead {
  tableId: string;
  seen: number;
}

export class TransactionAuthority {
  constructor(
    /** Recorded as the block's transactionInfo.principal when not null. */
    readonly principal: string | null,
    /** undefined: no access control; only the principal is recorded. */
    private readonly policy: AccessPolicy | undefined,
    private readonly command: string | undefined,
    /** Part of the transaction's read set: a grant changed before it commits is a conflict. */
    readonly grantsRead: GrantsRead | undefined,
  ) {}

  /** Whether actions are checked (access control is configured). */
  get enforced(): boolean {
    return this.policy !== undefined;
  }

  /** Throws AccessDeniedError unless the principal may do `action` on `on`. */
  authorize(action: AccessAction, on?: string): void {
    if (this.policy === undefined || (this.command !== undefined && action !== 'command')) return;
    if (!this.policy.allows(this.principal, action, on)) throw new AccessDeniedError(this.principal, action, on);
  }

  /** Events are what commands raise: outside a command, appending them takes the permission to run every command. */
  authorizeEvents(): void {
    if (this.command === undefined) this.authorize('command', EVERY);
  }
}
