// verify()'s per-block work that needs nothing but the block's own rows: decoding them, the shape
// checks, and every hash (journal/block-verifier.ts), plus H(data) of each revision for the replay
// of the current documents, and the summary of what the later checks read of the block
// (block-summary.ts). Runs on a page of blocks in the calling thread or in a worker; what depends
// on the blocks before (the chain, the tree, the replay) stays with the caller.
import { ionHash, isPlainObject } from '../../ion';
import { inspectBlock, type Block, type BlockInspection } from '../../journal';
import type { BlockRow, RevisionRow } from '../../storage';
import { rowsToBlock } from '../journal-rows';
import { blockSummary, clonesFaithfully, type BlockSummary } from './block-summary';

/** A block's stored rows: its header row and its revision rows in position order. */
export interface StoredBlockRows {
  block: BlockRow;
  revisions: RevisionRow[];
}

export interface StoredBlockInspection {
  /** Why the rows are not a block that can be checked (the MALFORMED_BLOCK message), when they are not. */
  unreadable?: string;
  /** The block's own problems and binding, when it could be inspected. */
  inspection?: BlockInspection;
  /** Why inspecting it threw, when it did. */
  failure?: string;
  /** H(data) of each revision, its dataHash when redacted, null when it has neither. */
  dataHashes: (Uint8Array | null)[];
  /** What the later checks read of the block, when its shape is sound and a structured clone carries it unchanged. */
  summary?: BlockSummary;
}

/** Inspects each block of `blocks`, in order. */
export function inspectStoredBlocks(blocks: readonly StoredBlockRows[]): StoredBlockInspection[] {
  return blocks.map(inspectStoredBlock);
}

/** One block's inspection. */
export function inspectStoredBlock(rows: StoredBlockRows): StoredBlockInspection {
  const decoded = decodeBlock(rows);
  if (typeof decoded === 'string') return { unreadable: decoded, dataHashes: [] };
  try {
    const dataHashes = (decoded.revisions ?? []).map((r) => (r.data ? ionHash(r.data) : (r.dataHash ?? null)));
    const inspection = inspectBlock(decoded, undefined, dataHashes);
    const summary = isSound(inspection) ? blockSummary(decoded) : undefined;
    return { inspection, dataHashes, ...(summary && clonesFaithfully(summary) ? { summary } : {}) };
  } catch (error) {
    return { failure: (error as Error).message, dataHashes: [] };
  }
}

/** Whether the block verifier found the block shaped as a journal block (whatever its hashes). */
function isSound(inspection: BlockInspection): boolean {
  return !inspection.problems.some((p) => p.code === 'MALFORMED_BLOCK');
}

/** The block, or why it cannot be read. */
function decodeBlock({ block: row, revisions }: StoredBlockRows): Block | string {
  const sequenceNo = Number(row.sequenceNo);
  try {
    const block = rowsToBlock({ block: row, revisions });
    const shape = headerShapeProblem(block);
    return shape === undefined ? block : `block ${sequenceNo}: ${shape}`;
  } catch (error) {
    const size = row.header instanceof Uint8Array ? `${row.header.length} bytes` : typeof row.header;
    return `block ${sequenceNo} cannot be read (${size}): ${(error as Error).message}`;
  }
}

/** What the checks after the hashes read from a header, beyond what the block verifier checks. */
function headerShapeProblem(block: Block): string | undefined {
  if (!isPlainObject(block)) return 'the header is not an Ion struct';
  const time = block.blockTimestamp as unknown;
  if (!(time instanceof Date) && typeof (time as { getDate?: unknown } | null)?.getDate !== 'function') {
    return 'blockTimestamp is not a timestamp';
  }
  const documents = (block.transactionInfo as { documents?: unknown } | undefined)?.documents;
  if (isPlainObject(documents) && !Object.values(documents).every((d) => isPlainObject(d) && typeof d.tableId === 'string')) {
    return 'transactionInfo.documents must map each document id to { tableName, tableId, statements }';
  }
  return undefined;
}
