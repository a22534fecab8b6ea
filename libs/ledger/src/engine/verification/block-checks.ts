// verify()'s pass over the journal, a page of blocks at a time: each block is decoded from its
// stored header and revision rows and re-hashed (bulk/stored-block-inspection.ts: in this thread or
// in worker threads, a chunk of the page per task, taken here as the chunks come back), then, in
// order, chained (ChainVerifier), appended to the recomputed ledger tree, and checked against the
// stored columns the engine reads beside the hashed header: block_hash, block_time,
// ledger_strand.strand_id, the revision rows (revision-checks.ts). Anything unreadable in a block
// is reported as that block's problem, never thrown.
import { hashesEqual, type TreeNode } from '../../crypto';
import { fromIon, isPlainObject, type IonStructObject } from '../../ion';
import type { Block, BlockInspection, Revision, RevisionMetadata } from '../../journal';
import { selectTreeLevelRange, type BlockRow, type RevisionRow, type SqlQuery } from '../../storage';
import { chunksOf, type BulkRunner } from '../bulk/bulk-workers';
import { inspectStoredBlock, type StoredBlockInspection, type StoredBlockRows } from '../bulk/stored-block-inspection';
import { CATALOG_TABLE_ID } from '../catalog';
import { readBlockRows, timeText } from '../journal-rows';
import { recordDataKeys } from './data-key-checks';
import { recordEventRedactions } from './event-checks';
import { checkRevisionRows, recordRedactions } from './revision-checks';
import type { Verification } from './verification-state';

const EMPTY_LEAF = new Uint8Array(32);

/** Blocks per task sent to a worker: few, so that the checks here start on a page's first blocks while the workers inspect the rest. */
const INSPECTION_CHUNK = 50;

/** A page of blocks as read, inspected in chunks of consecutive blocks (in this thread, or by the runner's workers as they answer). */
export interface InspectedPage {
  first: number;
  last: number;
  rows: StoredBlockRows[];
  /** The inspections of rows[k * chunkSize ..], chunk k by chunk k. */
  chunks: Promise<StoredBlockInspection[]>[];
  chunkSize: number;
  /** The decoded blocks, when inspected in this thread. */
  blocks?: (Block | undefined)[];
}

/** Reads the blocks first..last and has them inspected: in this thread, or in chunks by the runner's workers (not awaited here). */
export async function inspectBlockPage(query: SqlQuery, runner: BulkRunner, first: number, last: number): Promise<InspectedPage> {
  const rows = await readBlockRows(query, first, last);
  if (runner.parallelism === 0) {
    const inspected = rows.map(inspectStoredBlock);
    const inspections = inspected.map((i) => i.inspected);
    return { first, last, rows, chunks: [Promise.resolve(inspections)], chunkSize: Math.max(1, rows.length), blocks: inspected.map((i) => i.block) };
  }
  const chunkSize = Math.max(1, Math.min(INSPECTION_CHUNK, Math.ceil(rows.length / runner.parallelism)));
  const chunks = chunksOf(rows, chunkSize).map((chunk) => runner.run('inspectStoredBlocks', chunk));
  chunks.forEach((chunk) => chunk.catch(() => undefined)); // awaited in turn, or settled (settledPage) when verify() stops early
  return { first, last, rows, chunks, chunkSize };
}

/** Resolves once every chunk of the page has been answered (or has failed). */
export function settledPage(page: InspectedPage): Promise<unknown> {
  return Promise.allSettled(page.chunks);
}

/** Continues the verification with an inspected page: the chain, the tree, the stored columns, the replay. */
export async function verifyBlockPage(query: SqlQuery, v: Verification, page: InspectedPage): Promise<void> {
  const created: TreeNode[] = [];
  let chunk: StoredBlockInspection[] = [];
  for (let sequenceNo = page.first; sequenceNo <= page.last && !v.done; sequenceNo++) {
    const i = sequenceNo - page.first;
    const rows = page.rows[i];
    if (rows === undefined || Number(rows.block.sequenceNo) !== sequenceNo) {
      v.report('SEQUENCE_GAP', `block ${sequenceNo} is missing from the journal`, sequenceNo);
      return;
    }
    if (i % page.chunkSize === 0) chunk = await page.chunks[i / page.chunkSize];
    verifyBlock(v, rows, chunk[i % page.chunkSize], page.blocks?.[i], sequenceNo, created);
  }
  if (!v.done) await compareTreeNodes(query, v, created);
}

/** One block: its problems are reported at its sequenceNo, whatever its rows hold. */
function verifyBlock(v: Verification, rows: StoredBlockRows, inspected: StoredBlockInspection, decoded: Block | undefined, sequenceNo: number, created: TreeNode[]): void {
  if (inspected.unreadable !== undefined) v.report('MALFORMED_BLOCK', inspected.unreadable, sequenceNo);
  const block = inspected.unreadable === undefined ? (decoded ?? withoutData(rows)) : undefined;
  created.push(...v.frontier.append(leafOf(v, rows.block, block, sequenceNo)));
  if (!block) return;
  try {
    for (const problem of v.chain.pushInspected(block, inspectionOf(inspected))) v.report(problem.code, problem.message, problem.sequenceNo ?? sequenceNo);
    checkTime(v, rows.block, block, sequenceNo);
    checkStrand(v, block, sequenceNo);
    checkRevisionRows(v, block, rows.revisions, inspected.dataHashes);
    recordRedactions(v, block);
    recordEventRedactions(v, block);
    recordDataKeys(v, block);
    v.importedTables.push(block);
  } catch (error) {
    v.report('MALFORMED_BLOCK', `block ${sequenceNo} cannot be checked: ${(error as Error).message}`, sequenceNo);
  }
}

/** The block's own inspection; an inspection that threw throws its error here. */
function inspectionOf(inspected: StoredBlockInspection): BlockInspection {
  if (inspected.inspection) return inspected.inspection;
  throw new Error(inspected.failure);
}

/**
 * The block as the checks after the hashes read it, its rows known to decode (a worker decoded
 * them): revisions without their data, but for the catalog's, which the replay keeps.
 */
function withoutData({ block: row, revisions }: StoredBlockRows): Block {
  const header = fromIon(row.header) as unknown as Block;
  const documents = (header.transactionInfo as { documents?: Record<string, { tableId?: unknown } | undefined> } | undefined)?.documents;
  return { ...header, ...(revisions.length ? { revisions: revisions.map((r) => revisionWithoutData(header, r, documents)) } : {}) };
}

function revisionWithoutData(header: Block, row: RevisionRow, documents: Record<string, { tableId?: unknown } | undefined> | undefined): Revision {
  if (row.metadata === null) return { hash: row.hash };
  const metadata = fromIon(row.metadata) as unknown as RevisionMetadata;
  const catalog = isPlainObject(documents) && documents[metadata?.id]?.tableId === CATALOG_TABLE_ID;
  return {
    blockAddress: { ...header.blockAddress },
    hash: row.hash,
    ...(row.data && catalog ? { data: fromIon(row.data) as IonStructObject } : {}),
    ...(row.dataHash ? { dataHash: row.dataHash } : {}),
    metadata,
  };
}

/** The stored block_hash is the tree's leaf; checked against the block's hash, and replaced by it when unusable. */
function leafOf(v: Verification, row: BlockRow, block: Block | undefined, sequenceNo: number): Uint8Array {
  const stored = row.blockHash instanceof Uint8Array && row.blockHash.length === 32 ? row.blockHash : undefined;
  const hash = block && block.blockHash instanceof Uint8Array && block.blockHash.length === 32 ? block.blockHash : undefined;
  if (stored && hash && !hashesEqual(stored, hash)) v.report('BLOCK_HASH_MISMATCH', 'the indexed block_hash column differs from the block', sequenceNo);
  if (!stored) v.report('BLOCK_HASH_MISMATCH', 'the block_hash column does not hold a 32-byte hash', sequenceNo);
  return stored ?? hash ?? EMPTY_LEAF;
}

/** block_time (what history by time and the next commit's time read) is the header's blockTimestamp, which never goes back. */
function checkTime(v: Verification, row: BlockRow, block: Block, sequenceNo: number): void {
  const time = timeText(block.blockTimestamp);
  if (row.blockTime !== time) {
    v.report('BLOCK_TIME_MISMATCH', `the block_time column (${JSON.stringify(row.blockTime)}) differs from the block's blockTimestamp ${time}`, sequenceNo);
  }
  const ms = Date.parse(time);
  if (ms < v.lastTime) {
    v.report('TIMESTAMP_OUT_OF_ORDER', `blockTimestamp ${time} is earlier than the block before it (${new Date(v.lastTime).toISOString()})`, sequenceNo);
  }
  v.lastTime = Math.max(v.lastTime, ms);
}

/** The strand row names the journal's strand: the strand of the next commit's blockAddress. */
function checkStrand(v: Verification, block: Block, sequenceNo: number): void {
  if (sequenceNo !== 0) return;
  if (!v.strand) {
    v.report('STRAND_MISMATCH', 'ledger_strand does not hold exactly one row', sequenceNo);
    return;
  }
  if (v.strand.strandId !== block.blockAddress.strandId) {
    v.report('STRAND_MISMATCH', `ledger_strand names strand ${JSON.stringify(v.strand.strandId)}; the journal is on ${block.blockAddress.strandId}`, sequenceNo);
  }
}

/**
 * Every node the recomputed tree created must be stored with the same hash. The comparison runs
 * in functions of its own, outside this async one, whose generator the optimizing compiler would
 * otherwise compile with it (the largest compile of a first verify()).
 */
async function compareTreeNodes(query: SqlQuery, v: Verification, created: TreeNode[]): Promise<void> {
  v.treeNodes += created.length;
  for (const [level, nodes] of nodesByLevel(created)) {
    const stored = await selectTreeLevelRange(query, level, nodes[0].index, nodes[nodes.length - 1].index);
    reportTreeMismatches(v, level, nodes, stored);
    if (v.done) return;
  }
}

function nodesByLevel(created: readonly TreeNode[]): Map<number, TreeNode[]> {
  const levels = new Map<number, TreeNode[]>();
  for (const node of created) {
    const level = levels.get(node.level);
    if (level) level.push(node);
    else levels.set(node.level, [node]);
  }
  return levels;
}

/** Reports each of `nodes` (one level) whose stored node is missing or holds another hash, until the verification is done. */
function reportTreeMismatches(v: Verification, level: number, nodes: readonly TreeNode[], stored: readonly TreeNode[]): void {
  const byIndex = new Map(stored.map((n) => [Number(n.index), n.hash]));
  for (const node of nodes) {
    const hash = byIndex.get(node.index);
    if (!(hash instanceof Uint8Array) || !hashesEqual(hash, node.hash)) {
      const sequenceNo = (node.index + 1) * 2 ** level - 1;
      v.report('TREE_NODE_MISMATCH', `ledger tree node (level ${level}, index ${node.index}) is ${hash ? 'altered' : 'missing'}`, sequenceNo);
      if (v.done) return;
    }
  }
}
