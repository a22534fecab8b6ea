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

/** The columns of a block's rows its inspection reads. */
export interface InspectedBlockRows {
  block: Pick<BlockRow, 'sequenceNo' | 'header'>;
  revisions: Pick<RevisionRow, 'hash' | 'metadata' | 'data' | 'dataHash'>[];
}

export interface StoredBlockInspection {
  /** Why the rows are not a block that can be checked (the MALFORMED_BLOCK message), when they are not. */
  unreadable?: string;
  /** The block's own problems and binding, when it could be inspected. */
  inspection?: BlockInspection;
  /** Why inspecting it threw, when it did. */
  failure?: string;
  /** What the later checks read of the block, when its shape is sound and a structured clone carries it unchanged. */
  summary?: BlockSummary;
}

/** Inspects each block of `blocks`, in order. */
export function inspectStoredBlocks(blocks: readonly InspectedBlockRows[]): StoredBlockInspection[] {
  return blocks.map(inspectStoredBlock);
}

/** The columns of `rows` a worker's inspection reads: all that is sent to it. */
export function inspectedColumns({ block, revisions }: StoredBlockRows): InspectedBlockRows {
  return {
    block: { sequenceNo: block.sequenceNo, header: block.header },
    revisions: revisions.map(({ hash, metadata, data, dataHash }) => ({ hash, metadata, data, dataHash })),
  };
}

/** One block's inspection. */
export function inspectStoredBlock(rows: InspectedBlockRows): StoredBlockInspection {
  const decoded = decodeBlock(rows);
  if (typeof decoded === 'string') return { unreadable: decoded };
  try {
    const dataHashes = dataHashesOf(decoded);
    const inspection = inspectBlock(decoded, undefined, dataHashes);
    const summary = isSound(inspection) ? blockSummary(decoded, dataHashes) : undefined;
    return { inspection, ...(summary && clonesFaithfully(summary) ? { summary } : {}) };
  } catch (error) {
    return { failure: (error as Error).message };
  }
}

/** H(data) of each revision of `block`, its dataHash when redacted, null when it has neither. */
export function dataHashesOf(block: Block): (Uint8Array | null)[] {
  return (block.revisions ?? []).map((r) => (r.data ? ionHash(r.data) : (r.dataHash ?? null)));
}

/** Whether the block verifier found the block shaped as a journal block (whatever its hashes). */
function isSound(inspection: BlockInspection): boolean {
  return !inspection.problems.some((p) => p.code === 'MALFORMED_BLOCK');
}

/** The block, or why it cannot be read. */
function decodeBlock({ block: row, revisions }: InspectedBlockRows): Block | string {
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
