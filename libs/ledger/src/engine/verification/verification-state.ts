// What one run of verify() has learnt so far: the problems found, the chain and tree recomputed
// block by block, the state the journal implies for each table's catalog document (a few, however
// long the journal), and what later checks need
// (the ledger's strand row, the last block time, redacted revisions and events, the redactions recorded).
import { TreeFrontier } from '../../crypto';
import type { IonStructObject } from '../../ion';
import { ChainVerifier } from '../../journal';
import { ImportedTables } from '../imported-tables';
import type { LedgerProblem, LedgerProblemCode } from '../verification-types';

/** The state the journal implies for one catalog document: its table, version, block, data hash and data. */
export interface ReplayedDocument {
  tableId: string;
  version: number;
  sequenceNo: number;
  dataHash: Uint8Array | null;
  data?: IonStructObject;
}

/** A revision whose data the journal holds only as its hash. */
export interface RedactedRevision {
  documentId: string;
  version: number;
  sequenceNo: number;
}

/** The one row of ledger_strand, as stored (any type, when the database is damaged). */
export interface StoredStrand {
  strandId: unknown;
  ledgerName: unknown;
}

export class Verification {
  readonly problems: LedgerProblem[] = [];
  readonly chain = new ChainVerifier();
  readonly frontier = TreeFrontier.empty();
  /** The catalog documents (tables) as the journal leaves them, by table id. */
  readonly documents = new Map<string, ReplayedDocument>();
  readonly importedTables = new ImportedTables();
  readonly redacted: RedactedRevision[] = [];
  /** Keys of the revisions that redaction blocks name (redactionKey). */
  readonly redactions = new Set<string>();
  /** Events whose payload the journal holds as its digest, where they stand. */
  readonly redactedEvents: Array<{ sequenceNo: number; eventIndex: number }> = [];
  /** `sequenceNo:eventIndex` of the events that event redaction blocks name. */
  readonly eventRedactions = new Set<string>();
  /** The latest record of each subject's data key: the block that created or shredded it. */
  readonly dataKeys = new Map<string, { keyId: string; action: 'CREATE' | 'SHRED'; sequenceNo: number }>();
  treeNodes = 0;
  /** The blockTimestamp of the last block read, in ms. */
  lastTime = -Infinity;

  constructor(
    readonly all: boolean,
    readonly tip: number,
    readonly strand: StoredStrand | undefined,
  ) {}

  get done(): boolean {
    return !this.all && this.problems.length > 0;
  }

  report(code: LedgerProblemCode, message: string, sequenceNo?: number): void {
    this.problems.push({ code, message, ...(sequenceNo === undefined ? {} : { sequenceNo }) });
  }

  /** Where a stored row that claims block `claimed` is reported: that block when it is in the journal, else the tip. */
  locate(claimed: unknown): number {
    const sequenceNo = Number(claimed);
    return Number.isSafeInteger(sequenceNo) && sequenceNo >= 0 && sequenceNo <= this.tip ? sequenceNo : this.tip;
  }
}

/** The keys under which a redacted revision and the redaction that names it meet: by its block, or by its version. */
export function redactionKey(documentId: string, at: { sequenceNo: number } | { version: number }): string {
  return 'sequenceNo' in at ? `${documentId}@${at.sequenceNo}` : `${documentId}#${at.version}`;
}
