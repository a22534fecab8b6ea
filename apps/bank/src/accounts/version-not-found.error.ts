// A version of an account that was never committed (the account exists, at a lower version).
import { LedgerError } from 'nestjs-ledger';

export class VersionNotFoundError extends LedgerError {
  readonly code = 'VERSION_NOT_FOUND';

  constructor(accountId: string, version: number) {
    super(`account ${accountId} has no version ${version}`, version);
  }
}
