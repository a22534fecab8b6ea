// verify()'s pass over the journal, a page of blocks at a time: each block is decoded from its
// stored header and revision rows, re-hashed and summarized (bulk/stored-block-inspection.ts: in
// this thread or in worker threads, a chunk of the page per task, taken here as the chunks come
// back), then, in order, chained (ChainVerifier), appended to the recomputed ledger tree, and
// checked against the stored columns the engine reads beside the hashed header: block_hash,
// block_time, ledger_strand.strand_id, the revision rows (revision-checks.ts). These checks read the
// block's summary (bulk/block-summary.ts), never the block; a block the inspection found malformed
// is decoded and summarized here. Anything unreadable in a block is reported as that block's
// problem, never thrown.
import { hashesEqual, type TreeNode } from '../../crypto';
import { fromIon, type IonStructObject } from '../../ion';
import type { BlockInspection } from '../../journal';
import { selectTreeLevelRange, type BlockRow, type SqlQuery } from '../../storage';
import { blockSummary, type BlockSummary } from '../bulk/block-summary';
import { chunksOf, type BulkRunner } from '../bulk/bulk-workers';
import { dataHashesOf, inspectedColumns, inspectStoredBlock, type StoredBlockInspection, type StoredBlockRows } from '../bulk/stored-block-inspection';
import { readBlockRows, rowsToBlock } from '../journal-rows';
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
}

/** Reads the blocks first..last and has them inspected: in this thread, or in chunks by the runner's workers (not awaited here). */
export async function inspectBlockPage(query: SqlQuery, runner: BulkRunner, first: number, last: number): Promise<InspectedPage> {
  const rows = await readBlockRows(query, first, last);
  if (runner.parallelism === 0) {
    return { first, last, rows, chunks: [Promise.resolve(rows.map(inspectStoredBlock))], chunkSize: Math.max(1, rows.length) };
  }
  const chunkSize = Math.max(1, Math.min(INSPECTION_CHUNK, Math.ceil(rows.length / runner.parallelism)));
  const chunks = chunksOf(rows, chunkSize).map((chunk) => runner.run('inspectStoredBlocks', chunk.map(inspectedColumns)));
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
    verifyBlock(v, rows, chunk[i % page.chunkSize], sequenceNo, created);
  }
  if (!v.done) await compareTreeNodes(query, v, created);
}

/** One block: its problems are reported at its sequenceNo, whatever its rows hold. */
function verifyBlock(v: Verification, rows: StoredBlockRows, inspected: StoredBlockInspection, sequenceNo: number, created: TreeNode[]): void {
  if (inspected.unreadable !== undefined) {
    v.report('MALFORMED_BLOCK', inspected.unreadable, sequenceNo);
    created.push(...v.frontier.append(leafOf(v, rows.block, undefined, sequenceNo)));
    return;
  }
  const decoded = inspected.summary ? undefined : rowsToBlock(rows); // the inspection found it malformed: its rows decode (they did there)
  const chained = inspected.summary ?? decoded!;
  created.push(...v.frontier.append(leafOf(v, rows.block, chained.blockHash, sequenceNo)));
  try {
    for (const problem of v.chain.pushInspected(chained, inspectionOf(inspected))) v.report(problem.code, problem.message, problem.sequenceNo ?? sequenceNo);
    const summary = inspected.summary ?? blockSummary(decoded!, dataHashesOf(decoded!));
    checkTime(v, rows.block, summary.time, sequenceNo);
    checkStrand(v, summary, sequenceNo);
    checkRevisionRows(v, summary, rows.revisions, (position) => catalogData(rows, position));
    recordRedactions(v, summary.redaction);
    recordEventRedactions(v, summary);
    recordDataKeys(v, summary);
    v.importedTables.pushTables(summary.blockAddress.sequenceNo, summary.documents, summary.statements);
  } catch (error) {
    v.report('MALFORMED_BLOCK', `block ${sequenceNo} cannot be checked: ${(error as Error).message}`, sequenceNo);
  }
}

/** The block's own inspection; an inspection that threw throws its error here. */
function inspectionOf(inspected: StoredBlockInspection): BlockInspection {
  if (inspected.inspection) return inspected.inspection;
  throw new Error(inspected.failure);
}

/** The data of the revision at `position`, decoded here (the replay keeps a catalog document's; its rows decode). */
function catalogData({ revisions }: StoredBlockRows, position: number): IonStructObject | undefined {
  const data = revisions[position]?.data;
  return data ? (fromIon(data) as IonStructObject) : undefined;
}

/** The stored block_hash is the tree's leaf; checked against the block's hash, and replaced by it when unusable. */
function leafOf(v: Verification, row: BlockRow, blockHash: unknown, sequenceNo: number): Uint8Array {
  const stored = row.blockHash instanceof Uint8Array && row.blockHash.length === 32 ? row.blockHash : undefined;
  const hash = blockHash instanceof Uint8Array && blockHash.length === 32 ? blockHash : undefined;
  if (stored && hash && !hashesEqual(stored, hash)) v.report('BLOCK_HASH_MISMATCH', 'the indexed block_hash column differs from the block', sequenceNo);
  if (!stored) v.report('BLOCK_HASH_MISMATCH', 'the block_hash column does not hold a 32-byte hash', sequenceNo);
  return stored ?? hash ?? EMPTY_LEAF;
}

/** block_time (what history by time and the next commit's time read) is the header's blockTimestamp, which never goes back. */
function checkTime(v: Verification, row: BlockRow, time: string, sequenceNo: number): void {
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
function checkStrand(v: Verification, block: BlockSummary, sequenceNo: number): void {
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
