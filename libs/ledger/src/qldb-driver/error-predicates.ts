// The QLDB driver's error predicates, answering for this library's typed errors (matched by their
// stable `code`, so an error from a second copy of the library answers too). What each QLDB
// exception stands for here is in docs/qldb-migration.md#errors.

type Coded = { code?: unknown; limit?: unknown };

const PARTIQL_CODES = ['PARTIQL_SYNTAX', 'PARTIQL_SEMANTIC', 'PARTIQL_TYPE', 'PARTIQL_EVALUATION', 'PARTIQL_LIMIT'];
const BAD_REQUEST_CODES = [...PARTIQL_CODES, 'TABLE_NOT_FOUND', 'DOCUMENT_NOT_FOUND', 'ION_TYPE', 'ION_FORMAT', 'READ_ONLY_LEDGER'];

function codeOf(error: unknown): unknown {
  return typeof error === 'object' && error !== null ? (error as Coded).code : undefined;
}

/** A commit refused because something the transaction read changed (OccConflictError); executeLambda retries it. */
export function isOccConflictException(error: unknown): boolean {
  return codeOf(error) === 'OCC_CONFLICT';
}

/** The transaction ran past limits.transactionMs (LimitExceededError on `transactionMs`); never retried. */
export function isTransactionExpiredException(error: unknown): boolean {
  return codeOf(error) === 'LIMIT_EXCEEDED' && (error as Coded).limit === 'transactionMs';
}

/** The transaction or ledger can no longer be used: expired, ended, or the ledger closed. */
export function isInvalidSessionException(error: unknown): boolean {
  const code = codeOf(error);
  return isTransactionExpiredException(error) || code === 'LEDGER_CLOSED' || code === 'TRANSACTION_CLOSED';
}

/** The statement was refused: PartiQL errors, missing tables or documents, values outside Ion, other limits, a read-only ledger. */
export function isBadRequestException(error: unknown): boolean {
  const code = codeOf(error);
  return (code === 'LIMIT_EXCEEDED' && !isTransactionExpiredException(error)) || BAD_REQUEST_CODES.includes(code as string);
}

/** A request's argument was refused (InvalidArgumentError), or names a block or document the journal does not hold. */
export function isInvalidParameterException(error: unknown): boolean {
  const code = codeOf(error);
  return code === 'INVALID_ARGUMENT' || code === 'PROOF_TARGET_NOT_FOUND';
}

/** The ledger named is not the one served, or no ledger is stored there. */
export function isResourceNotFoundException(error: unknown): boolean {
  const code = codeOf(error);
  return code === 'LEDGER_NAME_MISMATCH' || code === 'NOT_A_LEDGER';
}

/** The ledger's schema needs migrations that opening was told not to run. */
export function isResourcePreconditionNotMetException(error: unknown): boolean {
  return codeOf(error) === 'MIGRATIONS_PENDING';
}
