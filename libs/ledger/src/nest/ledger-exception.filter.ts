// An opt-in exception filter that answers the ledger's typed errors over HTTP: a status chosen by the
// error's stable code (not found 404, bad input 400, access denied 403, conflicts 409, limits 413,
// closed or locked 503), overridable per code, and a body { statusCode, code, message }. A 5xx answer names only
// the code: its message, which may describe the server's storage, goes to the log.
import { Catch, HttpStatus, Inject, Logger, Optional, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { LedgerError } from '../errors';

/** Extra or different statuses by error code (an application's own LedgerError subclasses included). */
export type LedgerHttpStatuses = Readonly<Record<string, number>>;

/** The injection token of the statuses `LedgerExceptionFilter` uses on top of its own. */
export const LEDGER_HTTP_STATUSES = Symbol('LEDGER_HTTP_STATUSES');

const NOT_FOUND = ['AGGREGATE_NOT_FOUND', 'DOCUMENT_NOT_FOUND', 'PROJECTION_NOT_FOUND', 'PROOF_TARGET_NOT_FOUND', 'TABLE_NOT_FOUND'];
const BAD_REQUEST = [
  'INVALID_ARGUMENT', 'INVALID_COMMAND', 'INVALID_CHECKPOINT', 'INVALID_HASH', 'INVALID_KEY', 'INVALID_PROOF', 'INVALID_PROOF_FILE',
  'INVALID_SIGNATURE', 'INVALID_TREE_POSITION', 'ION_FORMAT', 'ION_TYPE', 'MISSING_TRUSTED_DIGEST', 'ORIGIN_MISMATCH',
  'PARTIQL_EVALUATION', 'PARTIQL_SEMANTIC', 'PARTIQL_SYNTAX', 'PARTIQL_TYPE', 'STATEMENT_LANGUAGE_MISSING', 'IMPORT_REFUSED',
];
const CONFLICT = ['CONCURRENCY', 'OCC_CONFLICT'];
const TOO_LARGE = ['LIMIT_EXCEEDED', 'PARTIQL_LIMIT'];
const UNAVAILABLE = ['LEDGER_CLOSED', 'LEDGER_LOCK_TIMEOUT'];
const FORBIDDEN = ['ACCESS_DENIED'];

/** The library's own codes and their statuses; any other code is a 500. */
export const DEFAULT_LEDGER_HTTP_STATUSES: LedgerHttpStatuses = Object.freeze({
  ...statusFor(NOT_FOUND, HttpStatus.NOT_FOUND),
  ...statusFor(BAD_REQUEST, HttpStatus.BAD_REQUEST),
  ...statusFor(CONFLICT, HttpStatus.CONFLICT),
  ...statusFor(TOO_LARGE, HttpStatus.PAYLOAD_TOO_LARGE),
  ...statusFor(UNAVAILABLE, HttpStatus.SERVICE_UNAVAILABLE),
  ...statusFor(FORBIDDEN, HttpStatus.FORBIDDEN),
});

function statusFor(codes: readonly string[], status: HttpStatus): Record<string, number> {
  return Object.fromEntries(codes.map((code) => [code, status]));
}

/** The HTTP status of a typed error: `statuses` first, then the library's defaults, else 500. */
export function ledgerHttpStatus(error: LedgerError, statuses: LedgerHttpStatuses = {}): number {
  return statuses[error.code] ?? DEFAULT_LEDGER_HTTP_STATUSES[error.code] ?? HttpStatus.INTERNAL_SERVER_ERROR;
}

/**
 * Register with `{ provide: APP_FILTER, useClass: LedgerExceptionFilter }` (and, for codes of your
 * own, `{ provide: LEDGER_HTTP_STATUSES, useValue: { INSUFFICIENT_FUNDS: 422 } }`).
 */
@Catch(LedgerError)
export class LedgerExceptionFilter implements ExceptionFilter<LedgerError> {
  private readonly logger = new Logger('LedgerExceptionFilter');

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Optional() @Inject(LEDGER_HTTP_STATUSES) private readonly statuses: LedgerHttpStatuses = {},
  ) {}

  catch(error: LedgerError, host: ArgumentsHost): void {
    const statusCode = ledgerHttpStatus(error, this.statuses ?? {});
    const serverSide = statusCode >= 500;
    if (serverSide) this.logger.error(`${error.code}: ${error.message}`, error.stack);
    const message = serverSide ? `the request failed on the server (${error.code})` : error.message;
    this.adapterHost.httpAdapter.reply(host.switchToHttp().getResponse(), { statusCode, code: error.code, message }, statusCode);
  }
}
