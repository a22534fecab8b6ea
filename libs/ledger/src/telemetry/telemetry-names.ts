// The names of the library's spans, span attributes and metrics: stable, under the `ledger.`
// prefix, in OpenTelemetry's semantic-convention style (dotted namespaces, snake_case words,
// durations in seconds, counts with curly-brace units), plus the general conventions reused as
// they are (`db.query.text`, `db.operation.name`, `error.type`). docs/observability.md documents
// each one; its test checks that the page names every name here.

/** The instrumentation scope of every span and metric. */
export const INSTRUMENTATION_SCOPE = 'nestjs-ledger';

export const SPAN = {
  /** One call of execute, transact or query: every attempt of the transaction. */
  transaction: 'ledger.transaction',
  /** One group commit: one database transaction writing the blocks of a batch of transactions. */
  commit: 'ledger.commit',
  /** One PartiQL statement run in a transaction. */
  statement: 'ledger.statement',
  /** One verify() of a stored ledger. */
  verify: 'ledger.verify',
  /** One importJournal. */
  import: 'ledger.import',
  /** One exportJournal. */
  export: 'ledger.export',
  /** One backup of an SQLite ledger. */
  backup: 'ledger.backup',
} as const;

export const ATTRIBUTE = {
  ledgerName: 'ledger.name',
  transactionRetries: 'ledger.transaction.retries',
  blockSequenceNo: 'ledger.block.sequence_no',
  commitBatchSize: 'ledger.commit.batch_size',
  commitBlocks: 'ledger.commit.blocks',
  commitConflicts: 'ledger.commit.conflicts',
  queryText: 'db.query.text',
  operationName: 'db.operation.name',
  verifyValid: 'ledger.verify.valid',
  verifyBlocks: 'ledger.verify.blocks',
  verifyProblems: 'ledger.verify.problems',
  verifyTrusted: 'ledger.verify.trusted',
  importFormat: 'ledger.import.format',
  importAppend: 'ledger.import.append',
  importBlocks: 'ledger.import.blocks',
  exportFormat: 'ledger.export.format',
  exportBlocks: 'ledger.export.blocks',
  backupSequenceNo: 'ledger.backup.sequence_no',
  backupBytes: 'ledger.backup.bytes',
  projectionName: 'ledger.projection.name',
  errorType: 'error.type',
} as const;

/** The span event of one OCC conflict that a transaction retries. */
export const EVENT = {
  retry: 'ledger.transaction.retry',
} as const;

export const METRIC = {
  commitDuration: 'ledger.commit.duration',
  conflicts: 'ledger.commit.conflicts',
  projectionLag: 'ledger.projection.lag',
  streamLag: 'ledger.stream.lag',
} as const;

export type SpanAttributes = Record<string, string | number | boolean>;
