// HTTP plumbing shared by the bank's controllers: request validation and typed errors as statuses.
export { LedgerErrorFilter, statusOf } from './ledger-error.filter';
export { bankValidationPipe } from './validation.pipe';
