// Turns the library's typed errors (and the bank's own, which extend LedgerError too) into HTTP
// responses: a status chosen by the error's stable code, and a body { statusCode, code, message }.
// A command that failed this way wrote nothing.
import { Catch, HttpStatus, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { LedgerError } from 'nestjs-ledger';

const STATUS_BY_CODE: Record<string, HttpStatus> = {
  AGGREGATE_NOT_FOUND: HttpStatus.NOT_FOUND,
  DOCUMENT_NOT_FOUND: HttpStatus.NOT_FOUND,
  VERSION_NOT_FOUND: HttpStatus.NOT_FOUND,
  PROOF_TARGET_NOT_FOUND: HttpStatus.NOT_FOUND,
  INVALID_COMMAND: HttpStatus.BAD_REQUEST,
  INVALID_AMOUNT: HttpStatus.BAD_REQUEST,
  INVALID_ARGUMENT: HttpStatus.BAD_REQUEST,
  ION_TYPE: HttpStatus.BAD_REQUEST,
  INSUFFICIENT_FUNDS: HttpStatus.UNPROCESSABLE_ENTITY,
  CONCURRENCY: HttpStatus.CONFLICT,
  OCC_CONFLICT: HttpStatus.CONFLICT,
  LIMIT_EXCEEDED: HttpStatus.PAYLOAD_TOO_LARGE,
  LEDGER_CLOSED: HttpStatus.SERVICE_UNAVAILABLE,
};

/** The HTTP status for a typed error: its code's, or 500 for a code the API does not expect. */
export function statusOf(error: LedgerError): HttpStatus {
  return STATUS_BY_CODE[error.code] ?? HttpStatus.INTERNAL_SERVER_ERROR;
}

@Catch(LedgerError)
export class LedgerErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('LedgerErrorFilter');

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(error: LedgerError, host: ArgumentsHost): void {
    const statusCode = statusOf(error);
    if (statusCode === HttpStatus.INTERNAL_SERVER_ERROR) this.logger.error(error.message, error.stack);
    const body = { statusCode, code: error.code, message: error.message };
    this.adapterHost.httpAdapter.reply(host.switchToHttp().getResponse(), body, statusCode);
  }
}
