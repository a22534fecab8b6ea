// The types of a ledger's verification: the problems verify() reports, its options and results, the
// digests and checkpoints it checks the journal against, and the witnesses that keep them. Declared
// apart from the code that fills them, which imports them from here.
import type { KeyObject } from 'node:crypto';
import type { VerificationProblem, VerificationProblemCode } from '../journal';

export type LedgerProblemCode =
  | VerificationProblemCode
  | 'TREE_NODE_MISMATCH'
  | 'DOCUMENT_MISMATCH'
  | 'INDEX_MISMATCH'
  | 'BLOCK_TIME_MISMATCH'
  | 'TIMESTAMP_OUT_OF_ORDER'
  | 'REVISION_MISSING'
  | 'ROW_BEYOND_TIP'
  | 'REDACTION_UNRECORDED'
  | 'DATA_KEY_MISMATCH'
  | 'DATABASE_CORRUPT'
  | TrustProblemCode;

export interface LedgerProblem extends Omit<VerificationProblem, 'code'> {
  code: LedgerProblemCode;
}

export interface LedgerVerification {
  valid: boolean;
  problems: LedgerProblem[];
  blocksVerified: number;
}

export interface VerifyOptions {
  /** Called after each page of blocks. */
  onProgress?: (progress: { blocksVerified: number; totalBlocks: number }) => void;
  /** Keep going after the first problem and list them all. */
  all?: boolean;
  /** Blocks read per page (default: 100 on SQLite in the calling thread, else 500); fewer where they hold more than 2,000 revisions. */
  pageSize?: number;
  /**
   * Worker threads that decode and re-hash the blocks while this thread reads and chains them; 0:
   * all in this thread. Default: one per core from 20,000 blocks on where there are 3 cores or more
   * (docs/performance.md), else 0. At most 256; anything but an integer 0..256 is an InvalidArgumentError.
   */
  workers?: number;
  /** A digest obtained elsewhere that the journal must extend (TRUNCATED, REWRITTEN): docs/threat-model.md. */
  trusted?: TrustedDigest;
  /** A witness whose every checkpoint the journal must extend. */
  witness?: CheckpointWitness;
}

/** A digest obtained elsewhere: with the tip block it is at, or as a checkpoint signed by the ledger's key. */
export type TrustedDigest =
  | { digest: Uint8Array; tipSequenceNo: number }
  | {
      /** A C2SP signed checkpoint note, as getSignedDigest() gives it. */
      signedDigest: string;
      /** The ledger's Ed25519 public key (KeyObject or PEM) or a C2SP verifier key. */
      publicKey: KeyObject | string;
      /** The origin the note must name; default: this ledger's checkpointOrigin. */
      origin?: string;
    };

export type TrustProblemCode = 'TRUNCATED' | 'REWRITTEN' | 'CHECKPOINT_SIGNATURE_INVALID' | 'CHECKPOINT_ORIGIN_MISMATCH';

/** A digest the stored journal must extend, and where it came from. */
export interface TrustedCheckpoint {
  digest: Uint8Array;
  tipSequenceNo: number;
  /** Names it in messages: "the trusted digest", "the signed checkpoint for <origin>", "witness entry 3 of <file>". */
  source: string;
}

/** What verify() checks the journal against: the trusted checkpoints, and the problems found reading them (witness entries that do not verify). */
export interface TrustAnchors {
  checkpoints: TrustedCheckpoint[];
  problems: LedgerProblem[];
}

/** A trusted checkpoint verify() checked, and whether the stored journal extends it. */
export interface CheckedCheckpoint extends TrustedCheckpoint {
  extended: boolean;
}

/** verify()'s result with the trusted checkpoints it checked (none unless `trusted` or `witness` was given, or when it stopped before them). */
export interface TrustedLedgerVerification extends LedgerVerification {
  checkpoints: CheckedCheckpoint[];
}

/** A signed checkpoint offered to a witness, with the proof that it extends the witness's last one. */
export interface CheckpointSubmission {
  /** The C2SP signed checkpoint note (getSignedDigest().note). */
  note: string;
  /** The tree size of the witness's last checkpoint as the submitter read it; 0 when it held none. */
  oldSize: number;
  /** The consistency proof from `oldSize` blocks to the note's tree size (empty when oldSize is 0 or equal). */
  proof: Uint8Array[];
}

/** An append-only store of one ledger's signed checkpoints that the ledger's operator cannot rewrite. */
export interface CheckpointWitness {
  /** Names the witness in messages (a file path, a URL). */
  readonly name: string;
  /** The ledger's Ed25519 public key (KeyObject or PEM) or C2SP verifier key: notes are verified with it. */
  readonly publicKey: KeyObject | string;
  /** The origin (`<ledger>/<strandId>`, Ledger.checkpointOrigin) every note must name. */
  readonly origin: string;
  /** The notes witnessed so far, oldest first, as stored (readers verify each). */
  read(): Promise<string[]>;
  /** Appends the note when checkSubmission accepts it against the last checkpoint held; throws (nothing appended) otherwise. */
  append(submission: CheckpointSubmission): Promise<void>;
}
