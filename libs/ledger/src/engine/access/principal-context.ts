// Who the code running now acts as: an AsyncLocalStorage scope that follows the async calls made
// inside it (a request's handlers, the commands and statements they run), so a principal set once
// where a request is authenticated reaches every ledger call the request makes.
import { AsyncLocalStorage } from 'node:async_hooks';
import { checkName, type LedgerAction } from './ledger-actions';

/** The principal of the running code, and the command it runs inside, if any. */
export interface PrincipalScope {
  /** null: the caller is known to have no principal (an unauthenticated request). */
  principal: string | null;
  /** The command whose permission covers the tables and journal reads it makes. */
  command?: string;
  /** The ledger action (an export, a shredding) whose permission covers the journal reads and scrubs it makes. */
  covers?: LedgerAction;
}

const scopes = new AsyncLocalStorage<PrincipalScope>();

/**
 * Runs `work` as `principal`: every ledger call it makes (transactions, statements, commands,
 * digests and proofs) is checked against that principal's permissions and records it in the
 * blocks it writes. `null` runs it as an unauthenticated caller, refused everything once access
 * control is configured. The application decides whom to trust: the ledger records and checks
 * the principal it is given.
 */
export function runAsPrincipal<T>(principal: string | null, work: () => T): T {
  if (principal !== null) checkName(principal, 'a principal');
  return scopes.run({ principal }, work);
}

/** Runs `work` inside `command`, run by the current principal: its reads and writes are the command's. */
export function runInCommand<T>(scope: PrincipalScope, command: string, work: () => T): T {
  return scopes.run({ principal: scope.principal, command }, work);
}

/** Runs `work` as `principal`, its ledger actions covered by `action` (checked before). */
export function runCovered<T>(principal: string | null, action: LedgerAction, work: () => T): T {
  return scopes.run({ principal, covers: action }, work);
}

/** The scope of the running code; undefined outside runAsPrincipal. */
export function currentPrincipalScope(): PrincipalScope | undefined {
  return scopes.getStore();
}

/** Runs `work` in `scope` (taken earlier, e.g. where a stream was asked for), or outside any when undefined. */
export function inPrincipalScope<T>(scope: PrincipalScope | undefined, work: () => T): T {
  return scope === undefined ? scopes.exit(work) : scopes.run(scope, work);
}
