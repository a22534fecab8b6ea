// Builds a complete journal block from a transaction's statements, revisions and events, chained to
// the previous block (ledger-format.md §4), in two steps: hashing the content (PreparedBlock), then
// chaining it. Pure: the caller supplies ids and the timestamp.
import { dot, merkleRoot } from '../crypto';
import { ionHash, type IonStructObject, type IonValue } from '../ion';
import type { Block, BlockAddress, DocumentInfo, JournalEvent, Revision, TransactionInfo } from './block.types';
import { entriesHashListOf, eventHash, headerEntryHash, revisionHash, statementDigest, statementDigestOfHashes } from './entry-hashes';

/** A statement as executed: its text (with `?` placeholders) and its parameters. */
export interface StatementInput {
  statement: string;
  parameters?: readonly IonValue[];
  /** H(p) of each parameter, when already known (saves hashing the parameters again). */
  parameterHashes?: readonly Uint8Array[];
  startTime: Date;
}

/** The new revision of one document; `data` absent means the document was deleted. */
export interface RevisionInput {
  tableName: string;
  tableId: string;
  documentId: string;
  version: number;
  data?: IonStructObject;
  /** H(data), when already known. */
  dataHash?: Uint8Array;
  /** Indexes into the block's statements of those that changed this document. */
  statements: number[];
}

export interface BlockInput {
  strandId: string;
  /** The block this one chains to; null for the genesis block (sequenceNo 0). */
  previous: { sequenceNo: number; blockHash: Uint8Array } | null;
  transactionId: string;
  timestamp: Date;
  statements: readonly StatementInput[];
  revisions?: readonly RevisionInput[];
  events?: readonly JournalEvent[];
  /** Further fields recorded in transactionInfo (e.g. a command's correlation id). */
  transactionExtras?: IonStructObject;
  /** The revision a redaction block names (only on a redaction block). */
  redactionInfo?: IonStructObject;
}

/** The complete block, with every hash computed. */
export function buildBlock(input: BlockInput): Block {
  return PreparedBlock.of(input).chain(input.previous);
}

/** A block's content as a transaction finished it, before its place in the chain is known. */
export type UnchainedBlockInput = Omit<BlockInput, 'previous'>;

/**
 * A block hashed as far as it can be before it is chained: the revision hashes, H(transactionInfo)
 * and the events' root depend on the content and the block time only, not on the sequenceNo or the
 * previous block. A writer prepares its blocks before taking the ledger's write lock, so that
 * chaining under the lock costs the header entry (the hash of a small struct), the entries'
 * Merkle root and one `dot` per block.
 */
export class PreparedBlock {
  private constructor(
    readonly input: UnchainedBlockInput,
    private readonly transactionInfo: TransactionInfo,
    private readonly transactionInfoHash: Uint8Array,
    private readonly revisions: readonly Omit<Revision, 'blockAddress'>[],
    private readonly entries: Uint8Array[],
  ) {}

  static of(input: UnchainedBlockInput): PreparedBlock {
    const transactionInfo = buildTransactionInfo(input);
    return PreparedBlock.hashed(input, transactionInfo, ionHash(transactionInfo));
  }

  private static hashed(input: UnchainedBlockInput, transactionInfo: TransactionInfo, transactionInfoHash: Uint8Array): PreparedBlock {
    const revisions = (input.revisions ?? []).map((r) => buildRevision(r, input));
    const entries = entriesHashListOf(revisions, transactionInfoHash, (input.events ?? []).map(eventHash), input.redactionInfo);
    return new PreparedBlock(input, transactionInfo, transactionInfoHash, revisions, entries);
  }

  get timestamp(): Date {
    return this.input.timestamp;
  }

  /** The same block at another time: revision metadata carry the block time, so their hashes change; H(transactionInfo) does not. */
  at(timestamp: Date): PreparedBlock {
    return PreparedBlock.hashed({ ...this.input, timestamp }, this.transactionInfo, this.transactionInfoHash);
  }

  /**
   * The complete block after `previous` (null: the genesis block). Its last entry is the header
   * entry, so the block hash commits to the block's address, transaction id and time (ours).
   */
  chain(previous: BlockInput['previous']): Block {
    const blockAddress: BlockAddress = { strandId: this.input.strandId, sequenceNo: previous ? previous.sequenceNo + 1 : 0 };
    const revisions = this.revisions.map((r) => ({ blockAddress: { ...blockAddress }, ...r }));
    const previousBlockHash = previous?.blockHash ?? new Uint8Array(0);
    const header = { blockAddress, transactionId: this.input.transactionId, blockTimestamp: this.input.timestamp };
    const entries = [...this.entries, headerEntryHash(header)];
    const entriesHash = merkleRoot(entries);
    return {
      blockAddress,
      transactionId: this.input.transactionId,
      blockTimestamp: this.input.timestamp,
      previousBlockHash,
      transactionInfo: this.transactionInfo,
      ...(revisions.length ? { revisions } : {}),
      ...(this.input.events?.length ? { events: [...this.input.events] } : {}),
      ...(this.input.redactionInfo ? { redactionInfo: this.input.redactionInfo } : {}),
      blockHash: dot(entriesHash, previousBlockHash),
      entriesHash,
      entriesHashList: entries,
    };
  }
}

function buildTransactionInfo(input: UnchainedBlockInput): TransactionInfo {
  const documents: Record<string, DocumentInfo> = {};
  for (const r of input.revisions ?? []) {
    documents[r.documentId] = { tableName: r.tableName, tableId: r.tableId, statements: r.statements };
  }
  return {
    ...input.transactionExtras,
    statements: input.statements.map((s) => ({
      statement: s.statement,
      startTime: s.startTime,
      statementDigest: s.parameterHashes
        ? statementDigestOfHashes(s.statement, s.parameterHashes)
        : statementDigest(s.statement, s.parameters),
    })),
    documents,
  };
}

function buildRevision(input: RevisionInput, block: UnchainedBlockInput): Omit<Revision, 'blockAddress'> {
  const metadata = { id: input.documentId, version: input.version, txTime: block.timestamp, txId: block.transactionId };
  const revision: Omit<Revision, 'blockAddress'> = { hash: new Uint8Array(0), ...(input.data ? { data: input.data } : {}), metadata };
  revision.hash = input.data && input.dataHash ? revisionHash({ metadata, dataHash: input.dataHash }) : revisionHash(revision);
  return revision;
}
