// `nestjs-ledger`: what an application needs, with or without Nest: the ledger and its
// transactions, PartiQL, Ion values, streams and projections, event sourcing, proof files to hand
// out, export and import, and every typed error. Loads without @nestjs installed. The Nest module is
// in `nestjs-ledger/nest`, the auditor's verifier in `nestjs-ledger/verify`, test helpers in
// `nestjs-ledger/testing`, the Kafka sink in `nestjs-ledger/sinks`.

// Errors (every layer's, so an application can catch any of them by class).
export * from './errors';
export * from './crypto/errors';

// Ion values.
export {
  Decimal,
  Timestamp,
  isPlainObject,
  fromIon,
  toIon,
  toIonValue,
  fromIonJson,
  toIonJson,
  ION_JSON_FIELD,
  IonFormatError,
  IonTypeError,
  type IonFormat,
  type IonValue,
  type IonStruct,
  type IonStructObject,
  type IonTypeName,
  type IonFloat,
  type IonSymbol,
  type IonClob,
  type IonSexp,
  type IonTypedNull,
  type IonAnnotated,
  type JsonValue,
} from './ion';

// The journal's blocks, and the proof files an application hands to auditors.
export {
  newJournalId,
  isJournalId,
  revisionProofFile,
  eventProofFile,
  blockProofFile,
  digestProofFile,
  consistencyProofFile,
  formatProofFile,
  PROOF_FILE_FORMAT,
  InvalidProofFileError,
  MissingTrustedDigestError,
  ProofTargetNotFoundError,
  type Block,
  type BlockAddress,
  type Revision,
  type RevisionMetadata,
  type StatementInfo,
  type DocumentInfo,
  type TransactionInfo,
  type JournalEvent,
  type BlockHeader,
  type TipEvidence,
  type ProofFile,
  type ProofFileKind,
  type RevisionProofFile,
  type EventProofFile,
  type BlockProofFile,
  type DigestProofFile,
  type ConsistencyProofFile,
  type ProvenBlockLike,
  type DigestLike,
  type VerificationResult,
  type VerificationProblem,
  type VerificationProblemCode,
} from './journal';

// Signed digests (checkpoints) an application publishes.
export { signDigest, formatVerifierKey, type LedgerCheckpoint, type SignedDigestOptions } from './crypto';

// Storage options and errors, and the schema's migrations run or reported on their own.
export {
  ledgerRoleGrants,
  LedgerLockTimeoutError,
  SessionPoolingRequiredError,
  AdvisoryLocksIneffectiveError,
  DatabaseUnreachableError,
  type PostgresPasswordProvider,
  NotALedgerError,
  redactStorageOptions,
  StorageError,
  MissingDriverError,
  EncryptionKeyError,
  MigrationsPendingError,
  migrateStorage,
  storageMigrationStatus,
  type MigrationStatus,
  type LedgerRoles,
  type StorageOptions,
  type SqliteStorageOptions,
  type PostgresStorageOptions,
  type SqliteEncryption,
  type SqliteCipher,
  SQLITE_CIPHERS,
  type ScrubReport,
  type ScrubOptions,
} from './storage';

// The engine: ledgers, transactions, verification of a whole ledger, checkpoint witnesses.
export * from './engine';

// PartiQL.
export * from './partiql';

// Streams of committed records.
export {
  rebuildBlock,
  STREAM_RECORD_TYPES,
  qldbStreamRecord,
  qldbControlRecord,
  QLDB_CONTROL_RECORD_TYPES,
  type QldbStreamRecord,
  type QldbStreamRecordType,
  type QldbControlRecordType,
  StreamIterator,
  type StreamRecord,
  type StreamRecordType,
  type StreamPosition,
  type BlockSummary,
  type BlockSummaryRecord,
  type RevisionSummary,
  type RevisionDetails,
  type RevisionDetailsRecord,
  type EventDetails,
  type EventRecord,
  type StreamOptions,
  type StreamFrom,
  type PagingOptions,
} from './streams';

// Projections.
export * from './projections/errors';
export {
  Projection,
  On,
  OnAny,
  Projections,
  ProcessManager,
  ProcessManagers,
  type ProcessManagersOptions,
  type ProcessManagerContext,
  type ProjectionOptions,
  type ProjectionRetry,
  type ProjectionDelivery,
  type ProjectionContext,
  type TransactionalProjectionContext,
  type ProjectionSqlContext,
  type ProjectionState,
  type ProjectionFailure,
  type ProjectionLogger,
  type ProjectionsOptions,
  type ProjectionStatus,
} from './projections';

// Event sourcing.
export {
  Aggregate,
  Event,
  Command,
  ValueObject,
  EventHandler,
  AggregateRoot,
  AggregateRepository,
  aggregateDocumentId,
  MAX_AGGREGATE_ID_LENGTH,
  COMMAND_KEYS_TABLE,
  CommandBus,
  EventStore,
  UpcasterRegistry,
  ofType,
  ProcessManagerRunner,
  PROCESS_CHECKPOINTS_TABLE,
  AggregateNotFoundError,
  EventRedactedError,
  CommandHandlerNotFoundError,
  ConcurrencyError,
  InvalidCommandError,
  InvalidDefinitionError,
  type EventOptions,
  type ValueObjectCodec,
  type AggregateClass,
  type AggregateOptions,
  type LoadStrategy,
  type EventClass,
  type AggregateStore,
  type CommandOptions,
  type CommandOutcome,
  type CommandRecord,
  type CommittedCommand,
  type LoadOptions,
  type CommandClass,
  type ICommandHandler,
  type EventStoreOptions,
  type ReadEventsOptions,
  type EventStreamOptions,
  type RecordedEventOf,
  type RecordedEvent,
  type StoredEvent,
  type EventPosition,
  type EventUpcaster,
  type ProcessReaction,
  type ProcessCommands,
  type ProcessManagerOptions,
  type CatchUpResult,
} from './event-sourcing';

// Export to and import from QLDB's export layout.
export * from './export';

