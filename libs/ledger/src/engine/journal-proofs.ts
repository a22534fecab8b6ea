// A ledger's journal as stored, with its proofs: digests, blocks with their inclusion proofs,
// revisions, consistency proofs between two tips, blocks read in order, all read from storage at
// O(log n) cost. Ledger hands these out; this module does the reading and the checks of addresses.
import {
  computeConsistencyProof,
  computeDigest,
  computeInclusionProof,
  consistencyProofNodes,
  digestNodes,
  inclusionProofNodes,
  treeNodeSourceOf,
} from '../crypto';
import { revisionProof, type Block, type BlockAddress, type Revision, type TipEvidence } from '../journal';
import { selectBlocks, selectBlocksAt, selectDocumentSequences, selectRevisions, selectStrand, selectTreeNodes, type SqlQuery, type StrandRow } from '../storage';
import { InvalidArgumentError } from './errors';
import { lastBlockOfPage, readBlockRows, rowsToBlock } from './journal-rows';

export interface LedgerDigest {
  digest: Uint8Array;
  digestTipAddress: BlockAddress;
}

export interface ProvenBlock {
  block: Block;
  /** Folds from block.blockHash to the digest at digestTipAddress. */
  proof: Uint8Array[];
  digestTipAddress: BlockAddress;
}

export interface ProvenRevision {
  revision: Revision;
  /** Folds from revision.hash to the digest at digestTipAddress. */
  proof: Uint8Array[];
  digestTipAddress: BlockAddress;
}

export interface ConsistencyProof {
  oldDigest: LedgerDigest;
  newDigest: LedgerDigest;
  /** Checks with verifyConsistency(oldDigest, oldTip + 1, newDigest, newTip + 1, proof). */
  proof: Uint8Array[];
}

/** Reads from the ledger's storage, refusing once the ledger is closed. */
export type LedgerRead = <T>(work: (query: SqlQuery) => Promise<T>) => Promise<T>;

export class JournalProofs {
  constructor(
    private readonly read: LedgerRead,
    private readonly checkOpen: () => void,
    private readonly strandId: () => string,
  ) {}

  /** The digest of the journal at its current tip. */
  digest(): Promise<LedgerDigest> {
    return this.read(async (query) => this.digestAt(query, await this.tipOf(query)));
  }

  /** The tip's sequenceNo. */
  tip(): Promise<number> {
    return this.read((query) => this.tipOf(query));
  }

  /** A block with its proof to the digest at `tipAddress` (default: the current tip). */
  block(address: BlockAddress, tipAddress?: BlockAddress): Promise<ProvenBlock> {
    return this.read(async (query) => {
      const tip = await this.resolveTip(query, tipAddress);
      const sequenceNo = this.checkAddress(address, tip, 'blockAddress');
      const block = await readBlock(query, sequenceNo);
      const nodes = await selectTreeNodes(query, inclusionProofNodes(sequenceNo, tip + 1));
      const proof = computeInclusionProof(treeNodeSourceOf(nodes), sequenceNo, tip + 1);
      return { block, proof, digestTipAddress: this.address(tip) };
    });
  }

  /** Committed blocks `first`..`last` (clamped to the tip) without proofs; `{ revisions: false }` leaves their revisions out. */
  readBlocks(first: number, last: number, options: { revisions?: boolean }): Promise<Block[]> {
    return this.readFrom(first, last, options, async (_query, to) => to);
  }

  /**
   * A page of committed blocks from `first` for a stream: readBlocks up to `last`, ending sooner
   * where their revisions pass REVISIONS_PER_PAGE (lastBlockOfPage), never empty while `first` is
   * committed.
   */
  readPage(first: number, last: number, options: { revisions?: boolean }): Promise<Block[]> {
    return this.readFrom(first, last, options, (query, to) => lastBlockOfPage(query, first, to - first + 1, to));
  }

  /** Committed blocks from `first` to what `end` makes of `last` clamped to the tip (without revisions: to that). */
  private readFrom(first: number, last: number, options: { revisions?: boolean }, end: (query: SqlQuery, to: number) => Promise<number>): Promise<Block[]> {
    return this.read(async (query) => {
      const to = Math.min(last, await this.tipOf(query));
      if (!(Number.isSafeInteger(first) && first >= 0) || to < first) return [];
      if (options.revisions === false) return (await selectBlocks(query, first, to)).map((block) => rowsToBlock({ block, revisions: [] }));
      return (await readBlockRows(query, first, await end(query, to))).map(rowsToBlock);
    });
  }

  /** The committed blocks holding a document's revisions `fromVersion`..`toVersion`, in order, without their revisions. */
  documentBlocks(documentId: string, range: { fromVersion?: number; toVersion?: number }): Promise<Block[]> {
    return this.read(async (query) => {
      const sequenceNos = await selectDocumentSequences(query, documentId, range.fromVersion ?? 0, range.toVersion ?? Number.MAX_SAFE_INTEGER);
      const rows = await selectBlocksAt(query, sequenceNos);
      return rows.map((block) => rowsToBlock({ block, revisions: [] }));
    });
  }

  /** The tip block's header with its inclusion proof as the last leaf of the tree at `tipAddress` (default: the current tip). */
  async tipProof(tipAddress?: BlockAddress): Promise<TipEvidence> {
    const tip = tipAddress ?? (await this.digest()).digestTipAddress;
    const { block, proof } = await this.block(tip, tip);
    const { blockAddress, transactionId, blockTimestamp, blockHash, entriesHash, previousBlockHash, entriesHashList } = block;
    return { block: { blockAddress, transactionId, blockTimestamp, blockHash, entriesHash, previousBlockHash, entriesHashList }, proof };
  }

  /** A document's revision committed in the block at `address`, with its proof to the digest. */
  async revision(address: BlockAddress, documentId: string, tipAddress?: BlockAddress): Promise<ProvenRevision> {
    const { block, proof: blockProof, digestTipAddress } = await this.block(address, tipAddress);
    const proof = revisionProof(block, documentId, blockProof);
    const revision = block.revisions!.find((r) => r.metadata?.id === documentId) as Revision;
    return { revision, proof, digestTipAddress };
  }

  /** The proof that the digest at `newTip` (default: current) only appended blocks to the one at `oldTip`. */
  consistencyProof(oldTip: BlockAddress, newTip?: BlockAddress): Promise<ConsistencyProof> {
    return this.read(async (query) => {
      const newSequenceNo = await this.resolveTip(query, newTip);
      const oldSequenceNo = this.checkAddress(oldTip, newSequenceNo, 'oldTip');
      const nodes = await selectTreeNodes(query, consistencyProofNodes(oldSequenceNo + 1, newSequenceNo + 1));
      return {
        oldDigest: await this.digestAt(query, oldSequenceNo),
        newDigest: await this.digestAt(query, newSequenceNo),
        proof: computeConsistencyProof(treeNodeSourceOf(nodes), oldSequenceNo + 1, newSequenceNo + 1),
      };
    });
  }

  /** The address of block `sequenceNo` on this ledger's strand. */
  address(sequenceNo: number): BlockAddress {
    return { strandId: this.strandId(), sequenceNo };
  }

  private async tipOf(query: SqlQuery): Promise<number> {
    this.checkOpen();
    const strand = (await selectStrand(query)) as StrandRow;
    return Number(strand.tipSequenceNo);
  }

  private async resolveTip(query: SqlQuery, tipAddress: BlockAddress | undefined): Promise<number> {
    const current = await this.tipOf(query);
    return tipAddress === undefined ? current : this.checkAddress(tipAddress, current, 'tipAddress');
  }

  private async digestAt(query: SqlQuery, tip: number): Promise<LedgerDigest> {
    const nodes = await selectTreeNodes(query, digestNodes(tip + 1));
    return { digest: computeDigest(treeNodeSourceOf(nodes), tip + 1), digestTipAddress: this.address(tip) };
  }

  /** The sequenceNo of `address`, which must be on this ledger's strand and at or before `tip`. */
  private checkAddress(address: BlockAddress, tip: number, name: string): number {
    const strandId = this.strandId();
    const valid = typeof address === 'object' && address !== null && address.strandId === strandId && Number.isSafeInteger(address.sequenceNo);
    if (!valid) {
      throw new InvalidArgumentError(`${name} must be { strandId: ${JSON.stringify(strandId)}, sequenceNo: <integer> }`, address);
    }
    if (address.sequenceNo < 0 || address.sequenceNo > tip) {
      throw new InvalidArgumentError(`${name}.sequenceNo ${address.sequenceNo} is outside the journal (0..${tip})`, address);
    }
    return address.sequenceNo;
  }
}

/** Reads one block with its revisions. */
export async function readBlock(query: SqlQuery, sequenceNo: number): Promise<Block> {
  const [block] = await selectBlocks(query, sequenceNo, sequenceNo);
  return rowsToBlock({ block, revisions: await selectRevisions(query, sequenceNo, sequenceNo) });
}
