// Verifies a journal as a chain: every block on its own, then each block's previousBlockHash
// against the block before it, with dense sequence numbers on one strand, and, once a block has
// committed its header (the header entry), every later block too: a later block that does not is
// one whose address, transaction id or time was altered. Incremental, so an export, an import or a
// stream can verify blocks as they arrive without holding the journal in memory.
import type { Block } from './block.types';
import { inspectBlock, type BlockInspection, type EntriesBinding } from './block-verifier';
import { bytesEqual } from './bytes';
import { resultOf, type VerificationProblem, type VerificationResult } from './verification-result';

/** The block a chain continues from, when verification starts after genesis. */
export interface ChainAnchor {
  strandId: string;
  sequenceNo: number;
  blockHash: Uint8Array;
}

/** What the chain reads of a block: its address and the hashes that link it. */
export type ChainedBlock = Pick<Block, 'blockAddress' | 'blockHash' | 'previousBlockHash'>;

export class ChainVerifier {
  private last: ChainAnchor | undefined;
  private readonly problems: VerificationProblem[] = [];
  private count = 0;
  private headerCommitted = false;

  constructor(anchor?: ChainAnchor) {
    this.last = anchor;
  }

  /** Verifies the next block; returns its problems (also kept for `result()`). */
  push(block: Block): VerificationProblem[] {
    return this.pushInspected(block, inspectBlock(block));
  }

  /**
   * Continues the chain with a block whose own hashes were already checked (`inspectBlock`, perhaps
   * on another thread): only its place in the chain is checked here.
   */
  pushInspected(block: ChainedBlock, inspection: BlockInspection): VerificationProblem[] {
    const found = [...inspection.problems];
    const binding = inspection.binding;
    if (!found.some((p) => p.code === 'MALFORMED_BLOCK')) {
      found.push(...this.linkProblems(block));
      if (found.length === 0) found.push(...this.headerProblems(block, binding));
      this.last = { ...block.blockAddress, blockHash: block.blockHash };
    }
    this.count++;
    this.problems.push(...found);
    return found;
  }

  /** How many blocks were pushed. */
  get blocksVerified(): number {
    return this.count;
  }

  /** The last block accepted into the chain. */
  get tip(): ChainAnchor | undefined {
    return this.last;
  }

  result(): VerificationResult {
    return resultOf([...this.problems]);
  }

  private headerProblems(block: ChainedBlock, binding: EntriesBinding | undefined): VerificationProblem[] {
    if (binding === 'header') {
      this.headerCommitted = true;
      return [];
    }
    if (!this.headerCommitted) return [];
    const message = 'the block does not commit its header although an earlier block did: its address, transaction id or time was altered';
    return [problem('HEADER_MISMATCH', block.blockAddress.sequenceNo, message)];
  }

  private linkProblems(block: ChainedBlock): VerificationProblem[] {
    const { strandId, sequenceNo } = block.blockAddress;
    const last = this.last;
    if (last === undefined) {
      return sequenceNo === 0
        ? []
        : [problem('SEQUENCE_GAP', sequenceNo, `the chain starts at sequenceNo ${sequenceNo}, not at genesis (0)`)];
    }
    if (strandId !== last.strandId) {
      return [problem('STRAND_MISMATCH', sequenceNo, `block is on strand ${strandId}, the chain on ${last.strandId}`)];
    }
    if (sequenceNo <= last.sequenceNo) {
      return [problem('SEQUENCE_OUT_OF_ORDER', sequenceNo, `sequenceNo ${sequenceNo} follows ${last.sequenceNo}`)];
    }
    if (sequenceNo > last.sequenceNo + 1) {
      const missing = `${last.sequenceNo + 1}${sequenceNo > last.sequenceNo + 2 ? `..${sequenceNo - 1}` : ''}`;
      return [problem('SEQUENCE_GAP', sequenceNo, `block ${missing} is missing before sequenceNo ${sequenceNo}`)];
    }
    if (!bytesEqual(block.previousBlockHash, last.blockHash)) {
      return [problem('CHAIN_BROKEN', sequenceNo, `previousBlockHash is not the blockHash of block ${last.sequenceNo}`)];
    }
    return [];
  }
}

/** Verifies blocks in order as one chain from genesis (or from `anchor`). */
export function verifyChain(blocks: Iterable<Block>, anchor?: ChainAnchor): VerificationResult {
  const verifier = new ChainVerifier(anchor);
  for (const block of blocks) verifier.push(block);
  return verifier.result();
}

function problem(code: VerificationProblem['code'], sequenceNo: number, message: string): VerificationProblem {
  return { code, message, sequenceNo };
}
