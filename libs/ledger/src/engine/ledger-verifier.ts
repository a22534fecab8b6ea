// Full verification of a stored ledger: re-hashes every block and revision from the stored data,
// checks the chain, recomputes the ledger tree and compares every stored node and the tip, then
// replays the journal into the documents and index entries it implies and compares them with the
// stored ones. Reads in pages; stops at the first problem unless asked for all.
import { TreeFrontier, type TreeNode } from '../crypto';
import { fromIon, ionHash, type IonStructObject } from '../ion';
import { ChainVerifier, type Block, type VerificationProblem, type VerificationProblemCode } from '../journal';
import {
  countRows,
  selectBlocks,
  selectDocumentPage,
  selectIndexEntryPage,
  selectRevisions,
  selectStrand,
  selectTreeLevelRange,
  type DocumentRow,
  type IndexEntryRow,
  type RevisionRow,
  type SqlQuery,
  type StrandRow,
} from '../storage';
import { CATALOG_TABLE_ID, documentToDefinition, indexEntries, type TableDefinition } from './catalog';
import { ImportedTables } from './imported-tables';
import { rowsToBlock } from './journal-rows';

export type LedgerProblemCode = VerificationProblemCode | 'TREE_NODE_MISMATCH' | 'DOCUMENT_MISMATCH' | 'INDEX_MISMATCH';

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
  /** Blocks read per page (default 500). */
  pageSize?: number;
}

/** The state the journal implies for one document: its table, version, block and data hash. */
interface ReplayedDocument {
  tableId: string;
  version: number;
  sequenceNo: number;
  dataHash: Uint8Array | null;
  data?: IonStructObject;
}

class Verification {
  readonly problems: LedgerProblem[] = [];
  readonly chain = new ChainVerifier();
  readonly frontier = TreeFrontier.empty();
  readonly documents = new Map<string, ReplayedDocument>();
  readonly importedTables = new ImportedTables();
  treeNodes = 0;

  constructor(readonly all: boolean) {}

  get done(): boolean {
    return !this.all && this.problems.length > 0;
  }

  report(code: LedgerProblemCode, message: string, sequenceNo?: number): void {
    this.problems.push({ code, message, ...(sequenceNo === undefined ? {} : { sequenceNo }) });
  }
}

export async function verifyLedger(query: SqlQuery, options: VerifyOptions): Promise<LedgerVerification> {
  const strand = (await selectStrand(query)) as StrandRow;
  const tip = Number(strand.tipSequenceNo);
  const v = new Verification(options.all ?? false);
  const pageSize = options.pageSize ?? 500;
  for (let first = 0; first <= tip && !v.done; first += pageSize) {
    await verifyBlockPage(query, v, first, Math.min(tip, first + pageSize - 1));
    options.onProgress?.({ blocksVerified: v.chain.blocksVerified, totalBlocks: tip + 1 });
  }
  if (!v.done) await verifyTreeSize(query, v, tip);
  if (!v.done) await verifyDocuments(query, v);
  if (!v.done) await verifyIndexEntries(query, v);
  return { valid: v.problems.length === 0, problems: v.problems, blocksVerified: v.chain.blocksVerified };
}

async function verifyBlockPage(query: SqlQuery, v: Verification, first: number, last: number): Promise<void> {
  const blockRows = await selectBlocks(query, first, last);
  const revisionRows = groupBySequence(await selectRevisions(query, first, last));
  const created: TreeNode[] = [];
  for (let sequenceNo = first; sequenceNo <= last && !v.done; sequenceNo++) {
    const row = blockRows[sequenceNo - first];
    if (row === undefined || Number(row.sequenceNo) !== sequenceNo) {
      v.report('SEQUENCE_GAP', `block ${sequenceNo} is missing from the journal`, sequenceNo);
      return;
    }
    const block = decodeBlock(v, row.header, () => rowsToBlock({ block: row, revisions: revisionRows.get(sequenceNo) ?? [] }), sequenceNo);
    if (!block) continue;
    for (const problem of v.chain.push(block)) v.report(problem.code, problem.message, problem.sequenceNo ?? sequenceNo);
    if (!Buffer.from(row.blockHash).equals(block.blockHash)) v.report('BLOCK_HASH_MISMATCH', 'the indexed block_hash column differs from the block', sequenceNo);
    created.push(...v.frontier.append(row.blockHash));
    replayRevisions(v, block, revisionRows.get(sequenceNo) ?? []);
    v.importedTables.push(block);
  }
  if (!v.done) await compareTreeNodes(query, v, created);
}

function decodeBlock(v: Verification, header: Uint8Array, decode: () => Block, sequenceNo: number): Block | undefined {
  try {
    return decode();
  } catch (error) {
    v.report('MALFORMED_BLOCK', `block ${sequenceNo} cannot be read (${header.length} bytes): ${(error as Error).message}`, sequenceNo);
    return undefined;
  }
}

/** Records each revision's document state, and checks the unhashed columns beside it. */
function replayRevisions(v: Verification, block: Block, rows: RevisionRow[]): void {
  const sequenceNo = block.blockAddress.sequenceNo;
  for (const revision of block.revisions ?? []) {
    const metadata = revision.metadata;
    if (!metadata) continue;
    const tableId = block.transactionInfo.documents[metadata.id]?.tableId;
    const row = rows.find((r) => r.documentId === metadata.id);
    if (!row || row.tableId !== tableId || Number(row.version) !== metadata.version) {
      v.report('REVISION_OUT_OF_PLACE', `the stored columns of document ${metadata.id}'s revision differ from the journal`, sequenceNo);
    }
    v.documents.set(metadata.id, {
      tableId,
      version: metadata.version,
      sequenceNo,
      dataHash: revision.data ? ionHash(revision.data) : (revision.dataHash ?? null),
      ...(tableId === CATALOG_TABLE_ID && revision.data ? { data: revision.data } : {}),
    });
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
    const byIndex = new Map(stored.map((n) => [n.index, n.hash]));
    for (const node of nodes) {
      const hash = byIndex.get(node.index);
      if (!hash || !Buffer.from(hash).equals(node.hash)) {
        const sequenceNo = (node.index + 1) * 2 ** level - 1;
        v.report('TREE_NODE_MISMATCH', `ledger tree node (level ${level}, index ${node.index}) is ${hash ? 'altered' : 'missing'}`, sequenceNo);
        if (v.done) return;
      }
    }
  }
}

/** The tree stores exactly the nodes the journal implies: none missing (checked per page), none extra. */
async function verifyTreeSize(query: SqlQuery, v: Verification, tip: number): Promise<void> {
  const storedNodes = await countRows(query, 'journal_tree_node');
  if (storedNodes !== v.treeNodes) v.report('TREE_NODE_MISMATCH', `the tree stores ${storedNodes} nodes; the journal implies ${v.treeNodes}`, tip);
}

/** The stored current documents must be exactly what the journal's last revisions say. */
async function verifyDocuments(query: SqlQuery, v: Verification): Promise<void> {
  const unseen = new Set(v.documents.keys());
  const derived = derivedCatalogRows(v);
  for (let after = '', page: DocumentRow[]; (page = await selectDocumentPage(query, after, 500)).length && !v.done; after = page[page.length - 1].documentId) {
    for (const row of page) {
      unseen.delete(row.documentId);
      const expectedDerived = derived.get(row.documentId);
      derived.delete(row.documentId);
      const problem = expectedDerived ? derivedRowProblem(expectedDerived, row) : documentProblem(v.documents.get(row.documentId), row);
      const sequenceNo = expectedDerived?.sequenceNo ?? v.documents.get(row.documentId)?.sequenceNo;
      if (problem) v.report('DOCUMENT_MISMATCH', `document ${row.documentId} ${problem}`, sequenceNo);
    }
  }
  for (const documentId of unseen) {
    if (v.done) return;
    v.report('DOCUMENT_MISMATCH', `document ${documentId} is in the journal but missing from the current documents`, v.documents.get(documentId)?.sequenceNo);
  }
  for (const row of derived.values()) {
    if (v.done) return;
    v.report('DOCUMENT_MISMATCH', `table ${row.documentId}, written to in the journal, is missing from the catalog`, row.sequenceNo);
  }
}

/** The catalog rows of imported tables that have no catalog revision in the journal, by table id. */
function derivedCatalogRows(v: Verification): Map<string, DocumentRow> {
  const hasRevision = (tableId: string) => v.documents.get(tableId)?.tableId === CATALOG_TABLE_ID;
  return new Map(v.importedTables.catalogRows(hasRevision).map((row) => [row.documentId, row]));
}

function derivedRowProblem(expected: DocumentRow, row: DocumentRow): string | undefined {
  const same =
    row.tableId === expected.tableId &&
    Number(row.version) === expected.version &&
    Number(row.sequenceNo) === expected.sequenceNo &&
    row.data !== null &&
    Buffer.from(ionHash(fromIon(row.data))).equals(ionHash(fromIon(expected.data as Uint8Array)));
  return same ? undefined : 'differs from the catalog entry its table\'s blocks imply (an imported table: name, id, status, first block)';
}

function documentProblem(expected: ReplayedDocument | undefined, row: DocumentRow): string | undefined {
  if (!expected) return 'is stored but no revision of it is in the journal';
  if (expected.tableId !== row.tableId || expected.version !== Number(row.version) || expected.sequenceNo !== Number(row.sequenceNo)) {
    return `is stored at version ${row.version} (block ${row.sequenceNo}); the journal says version ${expected.version} (block ${expected.sequenceNo})`;
  }
  if ((expected.dataHash === null) !== (row.data === null)) return expected.dataHash ? 'lost its data' : 'has data though deleted';
  if (row.data && !Buffer.from(ionHash(fromIon(row.data))).equals(expected.dataHash as Uint8Array)) return 'has data that differs from its last revision';
  return undefined;
}

/** The stored index entries must be exactly those the current documents and the catalog imply. */
async function verifyIndexEntries(query: SqlQuery, v: Verification): Promise<void> {
  const tables = new Map<string, TableDefinition>();
  for (const doc of v.documents.values()) {
    if (doc.data) tables.set((doc.data.tableId as string), documentToDefinition(doc.data));
  }
  const expected = await expectedIndexEntries(query, v, tables);
  const after = { documentId: '', indexId: '' };
  for (let page; (page = await selectIndexEntryPage(query, after, 1000)).length && !v.done; ) {
    for (const entry of page) {
      const key = entryKey(entry);
      if (!expected.delete(key)) v.report('INDEX_MISMATCH', `index ${entry.indexId} has an entry for document ${entry.documentId} that its data does not imply`, v.documents.get(entry.documentId)?.sequenceNo);
    }
    Object.assign(after, { documentId: page[page.length - 1].documentId, indexId: page[page.length - 1].indexId });
  }
  for (const [, documentId] of expected) {
    if (v.done) return;
    v.report('INDEX_MISMATCH', `an index entry of document ${documentId} is missing`, v.documents.get(documentId)?.sequenceNo);
  }
}

async function expectedIndexEntries(query: SqlQuery, v: Verification, tables: Map<string, TableDefinition>): Promise<Map<string, string>> {
  const expected = new Map<string, string>();
  for (let after = '', page: DocumentRow[]; (page = await selectDocumentPage(query, after, 500)).length; after = page[page.length - 1].documentId) {
    for (const row of page) {
      const indexes = tables.get(row.tableId)?.indexes ?? [];
      if (!row.data || !indexes.length || v.documents.get(row.documentId)?.tableId !== row.tableId) continue;
      for (const entry of indexEntries(indexes, row.documentId, fromIon(row.data) as IonStructObject)) {
        expected.set(entryKey(entry), row.documentId);
      }
    }
  }
  return expected;
}

function entryKey(entry: IndexEntryRow): string {
  const orderKey = entry.orderKey ? Buffer.from(entry.orderKey).toString('base64') : '';
  return `${entry.indexId}|${Buffer.from(entry.valueKey).toString('base64')}|${entry.documentId}|${orderKey}`;
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
