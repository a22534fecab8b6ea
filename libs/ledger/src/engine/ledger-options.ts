// What a ledger is opened with: its name, where it is stored, whether opening migrates its schema,
// its limits, how conflicts are retried, the key that signs its digests, and where it logs.
import type { KeyObject } from 'node:crypto';
import type { StorageOptions } from '../storage';
import type { LedgerLogger } from '../telemetry';
import type { AccessControlOptions } from './access/access-control-options';

/** QLDB's limits, each configurable. */
export interface LedgerLimits {
  /** Largest document, as Ion binary bytes (default 128 KB). */
  documentBytes: number;
  /** Most documents one transaction may change (default 40). */
  documentsPerTransaction: number;
  /** Most bytes one transaction may write, documents and parameters as Ion binary (default 4 MB). */
  transactionBytes: number;
  /** Longest a transaction may run from start to commit, in ms (default 30 s). */
  transactionMs: number;
}

/** Retries of a transaction that hit an OCC conflict: jittered exponential backoff, as QLDB's drivers. */
export interface RetryPolicy {
  /** Retries after the first attempt (default 4). */
  maxRetries: number;
  /** Backoff before retry n is random() * min(capMs, baseMs * 2^n) ms (defaults 10 and 5,000). */
  baseMs: number;
  capMs: number;
}

export interface LedgerOptions {
  /** The ledger's name (used in signed digests' origin and in errors). */
  name: string;
  storage: StorageOptions;
  /**
   * What opening does with the schema's pending migrations. `true` (default): runs them (creating
   * the schema when absent). `false` or `'check'`: never runs them, nor creates anything but the
   * genesis block of an empty, current schema; a schema that needs migrating is refused with
   * MigrationsPendingError naming the pending migrations (run them with `ledger migrate` or
   * migrateStorage, e.g. as a deploy step under change control).
   */
  migrate?: boolean | 'check';
  limits?: Partial<LedgerLimits>;
  retry?: Partial<RetryPolicy>;
  /** Ed25519 private key that signs digests (`getSignedDigest`). */
  signingKey?: KeyObject | string;
  /** Origin of signed checkpoints, before `/<strandId>` (default: the ledger's name); see Ledger.checkpointOrigin. */
  signingOrigin?: string;
  /**
   * Where the ledger logs opening and closing, migrations run, connection retries, OCC retries,
   * slow commits and failed verifications (docs/observability.md). Default: nothing is logged;
   * `console` logs everything; LedgerModule passes Nest's Logger (context 'Ledger').
   */
  logger?: LedgerLogger;
  /** A group commit (one database transaction) slower than this, in ms, is logged as a warning (default 1,000). */
  slowCommitMs?: number;
  /**
   * Checks every statement, command and journal read against the roles granted to the principal
   * it runs as (ledger.access, runAsPrincipal), refusing with AccessDeniedError; absent, nothing
   * is checked. Either way a transaction run as a principal names it in its block.
   */
  accessControl?: AccessControlOptions;
}

/** How Ledger.openExisting opens a ledger already stored. */
export interface OpenExistingOptions extends Omit<LedgerOptions, 'name'> {
  /** The ledger's name, when it must be this one (default: whatever name it has). */
  name?: string;
  /**
   * Opens it for reading only (an auditor's tools): nothing is created or migrated whatever
   * `migrate` says (a schema that needs migrating is refused with MigrationsPendingError), and
   * transactions that write, and writeDatabase, fail with ReadOnlyLedgerError.
   */
  readOnly?: boolean;
}

export const DEFAULT_LIMITS: LedgerLimits = {
  documentBytes: 128 * 1024,
  documentsPerTransaction: 40,
  transactionBytes: 4 * 1024 * 1024,
  transactionMs: 30_000,
};

export const DEFAULT_RETRY: RetryPolicy = { maxRetries: 4, baseMs: 10, capMs: 5_000 };

export const DEFAULT_SLOW_COMMIT_MS = 1_000;
