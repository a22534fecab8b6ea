// verify()'s pass over the journal, a page of blocks at a time: each block is decoded from its
// stored header and revision rows, re-hashed and chained (ChainVerifier), appended to the
// recomputed ledger tree, and checked against the stored columns the engine reads beside the
// hashed header: block_hash, block_time, ledger_strand.strand_id, the revision rows (revision-checks.ts).
// Anything unreadable in a block is reported as that block's problem, never thrown.
import type { TreeNode } from '../../crypto';
import { isPlainObject } from '../../ion';
import type { Block } from '../../journal';
import { selectBlocks, selectRevisions, selectTreeLevelRange, type BlockRow, type RevisionRow, type SqlQuery } from '../../storage';
import { rowsToBlock, timeText } from '../journal-rows';
import { recordDataKeys } from './data-key-checks';
import { checkRevisionRows, recordRedactions } from './revision-checks';
import type { Verification } from './verification-state';

const EMPTY_LEAF = new Uint8Array(32);

export async function verifyBlockPage(query: SqlQuery, v: Verification, first: number, last: number): Promise<void> {
  const blockRows = await selectBlocks(query, first, last);
  const revisionRows = groupBySequence(await selectRevisions(query, first, last));
  const created: TreeNode[] = [];
  for (let sequenceNo = first; sequenceNo <= last && !v.done; sequenceNo++) {
    const row = blockRows[sequenceNo - first];
    if (row === undefined || Number(row.sequenceNo) !== sequenceNo) {
      v.report('SEQUENCE_GAP', `block ${sequenceNo} is missing from the journal`, sequenceNo);
      return;
    }
    verifyBlock(v, row, revisionRows.get(sequenceNo) ?? [], sequenceNo, created);
  }
  if (!v.done) await compareTreeNodes(query, v, created);
}

/** One block: its problems are reported at its sequenceNo, whatever its rows hold. */
function verifyBlock(v: Verification, row: BlockRow, revisions: RevisionRow[], sequenceNo: number, created: TreeNode[]): void {
  const block = decodeBlock(v, row, revisions, sequenceNo);
  created.push(...v.frontier.append(leafOf(v, row, block, sequenceNo)));
  if (!block) return;
  try {
    for (const problem of v.chain.push(block)) v.report(problem.code, problem.message, problem.sequenceNo ?? sequenceNo);
    checkTime(v, row, block, sequenceNo);
    checkStrand(v, block, sequenceNo);
    checkRevisionRows(v, block, revisions);
    recordRedactions(v, block);
    recordDataKeys(v, block);
    v.importedTables.push(block);
  } catch (error) {
    v.report('MALFORMED_BLOCK', `block ${sequenceNo} cannot be checked: ${(error as Error).message}`, sequenceNo);
  }
}

function decodeBlock(v: Verification, row: BlockRow, revisions: RevisionRow[], sequenceNo: number): Block | undefined {
  try {
    const block = rowsToBlock({ block: row, revisions });
    const shape = headerShapeProblem(block);
    if (shape === undefined) return block;
    v.report('MALFORMED_BLOCK', `block ${sequenceNo}: ${shape}`, sequenceNo);
  } catch (error) {
    const size = row.header instanceof Uint8Array ? `${row.header.length} bytes` : typeof row.header;
    v.report('MALFORMED_BLOCK', `block ${sequenceNo} cannot be read (${size}): ${(error as Error).message}`, sequenceNo);
  }
  return undefined;
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

/** The stored block_hash is the tree's leaf; checked against the block's hash, and replaced by it when unusable. */
function leafOf(v: Verification, row: BlockRow, block: Block | undefined, sequenceNo: number): Uint8Array {
  const stored = row.blockHash instanceof Uint8Array && row.blockHash.length === 32 ? row.blockHash : undefined;
  const hash = block && block.blockHash instanceof Uint8Array && block.blockHash.length === 32 ? block.blockHash : undefined;
  if (stored && hash && !Buffer.from(stored).equals(hash)) v.report('BLOCK_HASH_MISMATCH', 'the indexed block_hash column differs from the block', sequenceNo);
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

/** Every node the recomputed tree created must be stored with the same hash. */
async function compareTreeNodes(query: SqlQuery, v: Verification, created: TreeNode[]): Promise<void> {
  v.treeNodes += created.length;
  const levels = new Map<number, TreeNode[]>();
  for (const node of created) {
    const level = levels.get(node.level);
    if (level) level.push(node);
    else levels.set(node.level, [node]);
  }
  for (const [level, nodes] of levels) {
    const stored = await selectTreeLevelRange(query, level, nodes[0].index, nodes[nodes.length - 1].index);
    const byIndex = new Map(stored.map((n) => [Number(n.index), n.hash]));
    for (const node of nodes) {
      const hash = byIndex.get(node.index);
      if (!(hash instanceof Uint8Array) || !Buffer.from(hash).equals(node.hash)) {
        const sequenceNo = (node.index + 1) * 2 ** level - 1;
        v.report('TREE_NODE_MISMATCH', `ledger tree node (level ${level}, index ${node.index}) is ${hash ? 'altered' : 'missing'}`, sequenceNo);
        if (v.done) return;
      }
    }
  }
}

function groupBySequence(rows: RevisionRow[]): Map<number, RevisionRow[]> {
  const groups = new Map<number, RevisionRow[]>();
  for (const row of rows) {
    const sequenceNo = Number(row.sequenceNo);
    const group = groups.get(sequenceNo);
    if (group) group.push(row);
    else groups.set(sequenceNo, [row]);
  }
  return groups;
}
