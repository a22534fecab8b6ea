// The engine: the ledger, its transactions, and its typed errors.
export * from './errors';
export { Ledger, type LedgerDigest, type ProvenBlock, type ProvenRevision, type ConsistencyProof, type SignedDigest, type TransactionOutcome, type ExecuteOptions, type RevisionRedaction } from './ledger';
export { Transaction, type HistoryFilter, type WriteOptions } from './transaction';
export type { IndexRange, IndexBound } from './index-range';
export type { LedgerDocument } from './pending-write';
export type { RedactedRevisionInfo } from './redaction';
export { CATALOG_TABLE_NAME, type TableDefinition, type IndexDefinition } from './catalog';
export { DEFAULT_LIMITS, DEFAULT_RETRY, type LedgerLimits, type LedgerOptions, type OpenExistingOptions, type RetryPolicy } from './ledger-options';
export type { LedgerLogger } from '../telemetry';
export type { LedgerVerification, LedgerProblem, LedgerProblemCode, VerifyOptions } from './verification-types';
export type { TrustedDigest, TrustProblemCode, TrustedCheckpoint, CheckedCheckpoint, TrustedLedgerVerification } from './verification-types';
export type { CheckpointWitness, CheckpointSubmission } from './verification-types';
export { checkSubmission, lastWitnessed } from './checkpoint-witness';
export { FileCheckpointWitness, type FileCheckpointWitnessOptions } from './file-checkpoint-witness';
