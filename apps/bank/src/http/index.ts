// HTTP plumbing shared by the bank's controllers: request validation, and the bank's error codes as
// statuses for the library's LedgerExceptionFilter.
export { BANK_HTTP_STATUSES } from './bank-http-statuses';
export { bankValidationPipe } from './validation.pipe';
