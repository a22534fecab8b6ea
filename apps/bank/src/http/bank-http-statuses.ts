// The bank's own error codes as HTTP statuses, on top of the library's (LedgerExceptionFilter).
import { HttpStatus } from '@nestjs/common';
import type { LedgerHttpStatuses } from 'nestjs-ledger/nest';

export const BANK_HTTP_STATUSES: LedgerHttpStatuses = {
  VERSION_NOT_FOUND: HttpStatus.NOT_FOUND,
  INVALID_AMOUNT: HttpStatus.BAD_REQUEST,
  INSUFFICIENT_FUNDS: HttpStatus.UNPROCESSABLE_ENTITY,
};
