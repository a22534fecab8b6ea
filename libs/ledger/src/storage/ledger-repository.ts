// Every SQL statement the engine runs, over a SqlQuery (so one set serves reads and the write
// transaction). Values always travel as parameters; hashes and Ion documents as blobs.
import type { TreeNode, TreeNodeAddress } from '../crypto';
import { ColumnArray, type ColumnType } from './column-array';
import type { JournalTip, SqlQuery, SqlStatement } from './sql-storage';
import { StorageError } from './storage.error';

/** The ledger's strand, with its tip: the last block of the journal (no row is updated per commit). */
export interface StrandRow {
  strandId: string;
  ledgerName: string;
  tipSequenceNo: number;
  tipBlockHash: Uint8Array;
}

export interface BlockRow {
  sequenceNo: number;
  blockHash: Uint8Array;
  blockTime: string;
  /** Ion binary of the block without its revisions. */
  header: Uint8Array;
}

/** A revision as stored: metadata and data as Ion binary; only `hash` for QLDB's system revisions. */
export interface RevisionRow {
  sequenceNo: number;
  position: number;
  tableId: string | null;
  documentId: string | null;
  version: number | null;
  hash: Uint8Array;
  metadata: Uint8Array | null;
  /** Null when the document was deleted, or redacted (then dataHash is set). */
  data: Uint8Array | null;
  dataHash: Uint8Array | null;
}

export interface DocumentRow {
  documentId: string;
  tableId: string;
  version: number;
  sequenceNo: number;
  /** Ion binary of the current data; null once deleted. */
  data: Uint8Array | null;
}

export interface IndexEntryRow {
  indexId: string;
  valueKey: Uint8Array;
  documentId: string;
  /** The order key of the indexed value (index-keys.ts); null for a value with no order. */
  orderKey: Uint8Array | null;
}

/** A range of order keys; both bounds are always given (a family's bounds when open-ended). */
export interface OrderKeyRange {
  lower: Uint8Array;
  lowerInclusive: boolean;
  upper: Uint8Array;
  upperInclusive: boolean;
}

/** A position in a table's documents in (sequence_no, document_id) order. */
export interface DocumentPosition {
  sequenceNo: number;
  documentId: string;
}

const ROWS_PER_INSERT = 400;

/** Binds a byte array as a blob without copying. */
export function blob(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** One multi-row INSERT: the statement up to VALUES, its columns' types, the values of each row, and what follows them. */
interface RowsInsert {
  head: string;
  types: readonly ColumnType[];
  rows: unknown[][];
  tail?: string;
  /** The query over the unnested column arrays (unnestInsertSql) when it is not all their columns as they are. */
  select?: (unnested: string) => string;
}

function valuesList(columns: number, rows: number): string {
  const placeholders = `(${new Array(columns).fill('?').join(', ')})`;
  return new Array(rows).fill(placeholders).join(', ');
}

/** PostgreSQL's type of an array of each column type. */
const POSTGRES_ARRAY_TYPES: Record<ColumnType, string> = { integer: 'bigint[]', blob: 'bytea[]', text: 'text[]' };

/** `part`'s INSERT over one array per column, unnested: `INSERT … SELECT * FROM unnest(?::bigint[], …)`. */
function unnestInsertSql(part: RowsInsert): string {
  const unnested = `unnest(${part.types.map((type) => `?::${POSTGRES_ARRAY_TYPES[type]}`).join(', ')})`;
  return `${part.head} ${part.select?.(unnested) ?? `SELECT * FROM ${unnested}`}${part.tail ?? ''}`;
}

/** `part`'s rows as one array per column, the parameters of unnestInsertSql. */
function columnArrays(part: RowsInsert): ColumnArray[] {
  return part.types.map((type, column) => new ColumnArray(type, part.rows.map((row) => row[column])));
}

/** `items` in chunks of at most ROWS_PER_INSERT. */
function chunks<T>(items: readonly T[]): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += ROWS_PER_INSERT) result.push(items.slice(i, i + ROWS_PER_INSERT));
  return result;
}

/** `part` as one INSERT per ROWS_PER_INSERT rows. */
function insertStatements(part: RowsInsert): SqlStatement[] {
  return chunks(part.rows).map((chunk) => ({ sql: insertSql(part, chunk.length), parameters: rowValues(chunk) }));
}

/** The values of `rows`, row after row (as `rows.flat()`, which costs several times more), bytes bound as blobs. */
function rowValues(rows: readonly unknown[][]): unknown[] {
  const values: unknown[] = [];
  for (const row of rows) for (const value of row) values.push(value instanceof Uint8Array ? blob(value) : value);
  return values;
}

/** The most rows of an INSERT whose text is kept once built (a batch of group commit rarely has more blocks). */
const MOST_ROWS_OF_KEPT_INSERTS = 64;

/** The texts of INSERTs built so far, by statement head and number of rows. */
const insertTexts = new Map<string, string[]>();

/** The text of `part`'s INSERT of `rows` rows: built once for up to MOST_ROWS_OF_KEPT_INSERTS rows, since every commit runs the same few. */
function insertSql(part: RowsInsert, rows: number): string {
  if (rows > MOST_ROWS_OF_KEPT_INSERTS) return insertText(part, rows);
  let texts = insertTexts.get(part.head);
  if (texts === undefined) insertTexts.set(part.head, (texts = []));
  return (texts[rows] ??= insertText(part, rows));
}

function insertText(part: RowsInsert, rows: number): string {
  return `${part.head} VALUES ${valuesList(part.types.length, rows)}${part.tail ?? ''}`;
}

async function insert(query: SqlQuery, part: RowsInsert): Promise<void> {
  for (const statement of insertStatements(part)) await query(statement.sql, statement.parameters);
}

// --- the strand and its tip -------------------------------------------------------------------

export async function selectStrand(query: SqlQuery): Promise<StrandRow | undefined> {
  const rows = await query<StrandRow>(
    `SELECT s.strand_id AS "strandId", s.ledger_name AS "ledgerName", b.sequence_no AS "tipSequenceNo",
            b.block_hash AS "tipBlockHash"
       FROM ledger_strand s, (SELECT sequence_no, block_hash FROM journal_block ORDER BY sequence_no DESC LIMIT 1) b`,
  );
  if (rows.length > 1) throw new StorageError(`the database holds ${rows.length} strands; a ledger has one`, rows.length);
  return rows[0];
}

export async function insertStrand(query: SqlQuery, row: Pick<StrandRow, 'strandId' | 'ledgerName'>): Promise<void> {
  await query('INSERT INTO ledger_strand (strand_id, ledger_name) VALUES (?, ?)', [row.strandId, row.ledgerName]);
}

/** A block as a writer catching up with other processes reads it: its hash and time, and the catalog's newest change. */
export interface AppendedBlockRow {
  sequenceNo: number;
  blockHash: Uint8Array;
  blockTime: string;
  /** The highest sequenceNo among the catalog table's documents (null when it has none). */
  catalogSequenceNo: number | null;
}

/**
 * The blocks from `first` on, at most `limit`, in order, each with the sequenceNo of the catalog's
 * newest change (the rows of `catalogTableId`): what a writer needs to follow the blocks other
 * processes appended since its tip. Named: PostgreSQL sends it in the same round trip as the lock
 * taken before it, and plans it once per connection.
 */
export async function selectBlocksFrom(query: SqlQuery, first: number, limit: number, catalogTableId: string): Promise<AppendedBlockRow[]> {
  return query<AppendedBlockRow>(
    `SELECT sequence_no AS "sequenceNo", block_hash AS "blockHash", block_time AS "blockTime",
            (SELECT MAX(sequence_no) FROM ledger_document WHERE table_id = ?) AS "catalogSequenceNo"
       FROM journal_block WHERE sequence_no >= ? ORDER BY sequence_no LIMIT ?`,
    [catalogTableId, first, limit],
    'ledger_blocks_from',
  );
}

/**
 * One row whose `tipHolds` is 1 when the journal's tip is `tip`; otherwise a division by zero: an
 * error on PostgreSQL (which then skips the statements sent after it), NULL on SQLite.
 */
export function tipCheckStatement(tip: JournalTip): SqlStatement {
  return {
    sql: `SELECT 1 / COUNT(*) AS "tipHolds" FROM journal_block
           WHERE sequence_no = ? AND block_hash = ? AND NOT EXISTS (SELECT 1 FROM journal_block WHERE sequence_no > ?)`,
    parameters: [tip.sequenceNo, blob(tip.blockHash), tip.sequenceNo],
    name: 'ledger_tip_check',
  };
}

// --- the journal --------------------------------------------------------------------------------

export async function insertBlocks(query: SqlQuery, rows: readonly BlockRow[]): Promise<void> {
  await insert(query, insertBlocksSql(rows));
}

function insertBlocksSql(rows: readonly BlockRow[]): RowsInsert {
  return {
    head: 'INSERT INTO journal_block (sequence_no, block_hash, block_time, header)',
    types: ['integer', 'blob', 'text', 'blob'],
    rows: rows.map((r) => [r.sequenceNo, r.blockHash, r.blockTime, r.header]),
  };
}

export async function insertRevisions(query: SqlQuery, rows: readonly RevisionRow[]): Promise<void> {
  await insert(query, insertRevisionsSql(rows));
}

function insertRevisionsSql(rows: readonly RevisionRow[]): RowsInsert {
  return {
    head: 'INSERT INTO journal_revision (sequence_no, position, table_id, document_id, version, hash, metadata, data, data_hash)',
    types: ['integer', 'integer', 'text', 'text', 'integer', 'blob', 'blob', 'blob', 'blob'],
    rows: rows.map((r) => [
      r.sequenceNo,
      r.position,
      r.tableId,
      r.documentId,
      r.version,
      r.hash,
      r.metadata,
      r.data,
      r.dataHash,
    ]),
  };
}

export async function insertTreeNodes(query: SqlQuery, nodes: readonly TreeNode[]): Promise<void> {
  await insert(query, insertTreeNodesSql(nodes));
}

function insertTreeNodesSql(nodes: readonly TreeNode[]): RowsInsert {
  return { head: 'INSERT INTO journal_tree_node (level, idx, hash)', types: ['integer', 'integer', 'blob'], rows: nodes.map((n) => [n.level, n.index, n.hash]) };
}

/** Everything a commit batch inserts into the journal, the tree and the current documents. */
export interface BatchRows {
  blocks: readonly BlockRow[];
  revisions: readonly RevisionRow[];
  nodes: readonly TreeNode[];
  documents: readonly DocumentRow[];
  indexEntries: readonly IndexEntryRow[];
}

/**
 * The statements that write a batch's rows (after deleting the index entries of `reindexed`
 * documents). `oneStatement` (PostgreSQL) puts all the inserts in one prepared statement of
 * data-modifying WITH clauses over column arrays, whose text is the same for every batch; otherwise
 * (SQLite) one multi-row INSERT per table.
 */
export function batchStatements(rows: BatchRows, reindexed: readonly string[], oneStatement: boolean): SqlStatement[] {
  if (oneStatement) return [...(reindexed.length ? [deleteIndexEntriesOfDocuments(reindexed)] : []), insertBatchStatement(rows)];
  const parts = [
    insertBlocksSql(rows.blocks),
    insertRevisionsSql(rows.revisions),
    insertTreeNodesSql(rows.nodes),
    upsertDocumentsSql(rows.documents),
    insertIndexEntriesSql(rows.indexEntries),
  ];
  const statements: SqlStatement[] = chunks(reindexed).map((ids) => ({ sql: `DELETE FROM ledger_index_entry WHERE document_id IN (${ids.map(() => '?').join(', ')})`, parameters: ids }));
  for (const part of parts) if (part.rows.length > 0) statements.push(...insertStatements(part));
  return statements;
}

/** The text of the batch's one insert statement: the same for every batch, so built once. */
let insertBatchSql: string | undefined;

/**
 * Every part's rows inserted by one statement, named since its text never changes (PostgreSQL
 * prepares it once per connection). A current document whose data is that of its revision in the
 * batch goes without it, and the statement takes it from the revision it inserts (w1): the bytes
 * of each document cross the wire once.
 */
function insertBatchStatement(rows: BatchRows): SqlStatement {
  const parts = [
    insertBlocksSql(rows.blocks),
    { ...insertRevisionsSql(rows.revisions), tail: ' RETURNING document_id, version, data' },
    insertTreeNodesSql(rows.nodes),
    { ...upsertDocumentsSql(withoutRevisionData(rows.documents, rows.revisions)), select: documentsWithRevisionData },
    insertIndexEntriesSql(rows.indexEntries),
  ];
  insertBatchSql ??= `WITH ${parts.map((part, i) => `w${i} AS (${unnestInsertSql(part)})`).join(',\n')} SELECT 1`;
  return { sql: insertBatchSql, parameters: parts.flatMap(columnArrays), name: 'ledger_insert_batch' };
}

/** The documents' rows over the unnested arrays, a missing data taken from the revision of the same document and version (w1). */
function documentsWithRevisionData(unnested: string): string {
  return `SELECT d.document_id, d.table_id, d.version, d.sequence_no,
      COALESCE(d.data, (SELECT r.data FROM w1 r WHERE r.document_id = d.document_id AND r.version = d.version))
    FROM ${unnested} AS d (document_id, table_id, version, sequence_no, data)`;
}

/** `documents` with null data where the one revision of the same document and version in `revisions` holds the same bytes. */
function withoutRevisionData(documents: readonly DocumentRow[], revisions: readonly RevisionRow[]): DocumentRow[] {
  const revisionData = new Map<string, Uint8Array | null>();
  for (const revision of revisions) {
    if (revision.documentId === null) continue;
    const key = `${revision.documentId}@${revision.version}`;
    revisionData.set(key, revisionData.has(key) ? null : revision.data);
  }
  return documents.map((document) => {
    const shared = document.data && revisionData.get(`${document.documentId}@${document.version}`);
    return shared && (shared === document.data || blob(shared).equals(document.data as Uint8Array)) ? { ...document, data: null } : document;
  });
}

function deleteIndexEntriesOfDocuments(documentIds: readonly string[]): SqlStatement {
  return {
    sql: 'DELETE FROM ledger_index_entry WHERE document_id = ANY(?::text[])',
    parameters: [new ColumnArray('text', documentIds)],
    name: 'ledger_delete_index_entries',
  };
}

export async function selectBlocks(query: SqlQuery, first: number, last: number): Promise<BlockRow[]> {
  return query<BlockRow>(
    `SELECT sequence_no AS "sequenceNo", block_hash AS "blockHash", block_time AS "blockTime", header
       FROM journal_block WHERE sequence_no BETWEEN ? AND ? ORDER BY sequence_no`,
    [first, last],
  );
}

/** The blocks at the given sequence numbers, in sequence order. */
export function selectBlocksAt(query: SqlQuery, sequenceNos: readonly number[]): Promise<BlockRow[]> {
  return selectInChunks(sequenceNos, (chunk, placeholders) =>
    query<BlockRow>(
      `SELECT sequence_no AS "sequenceNo", block_hash AS "blockHash", block_time AS "blockTime", header
         FROM journal_block WHERE sequence_no IN (${placeholders}) ORDER BY sequence_no`,
      chunk,
    ),
  );
}

/**
 * The rows `select` returns for each chunk of `keys` (at most ROWS_PER_INSERT, with their
 * placeholders), in order; appended one at a time, since a chunk's rows (a key may match many) may
 * be more than one call's arguments can take.
 */
async function selectInChunks<Key, Row>(keys: readonly Key[], select: (chunk: Key[], placeholders: string) => Promise<Row[]>): Promise<Row[]> {
  const rows: Row[] = [];
  for (const chunk of chunks(keys)) for (const row of await select(chunk, chunk.map(() => '?').join(', '))) rows.push(row);
  return rows;
}

/** The sequence numbers of the blocks holding a document's revisions from version `from` to `to`, in order. */
export async function selectDocumentSequences(query: SqlQuery, documentId: string, from: number, to: number): Promise<number[]> {
  const rows = await query<{ s: number }>(
    'SELECT sequence_no AS s FROM journal_revision WHERE document_id = ? AND version BETWEEN ? AND ? ORDER BY version',
    [documentId, from, to],
  );
  return rows.map((row) => Number(row.s));
}

const REVISION_COLUMNS = `r.sequence_no AS "sequenceNo", r.position, r.table_id AS "tableId", r.document_id AS "documentId",
  r.version, r.hash, r.metadata, r.data, r.data_hash AS "dataHash"`;

export async function selectRevisions(query: SqlQuery, first: number, last: number): Promise<RevisionRow[]> {
  return query<RevisionRow>(
    `SELECT ${REVISION_COLUMNS} FROM journal_revision r WHERE r.sequence_no BETWEEN ? AND ? ORDER BY r.sequence_no, r.position`,
    [first, last],
  );
}

/** The revision row of `documentId` in block `sequenceNo`, if that block holds one. */
/** The block of the revision `offset` rows after the first one in or after block `first`, in journal order; undefined when there are not that many. */
export async function selectRevisionBlockAfter(query: SqlQuery, first: number, offset: number): Promise<number | undefined> {
  const [row] = await query<{ s: number | string }>('SELECT sequence_no AS s FROM journal_revision WHERE sequence_no >= ? ORDER BY sequence_no, position LIMIT 1 OFFSET ?', [first, offset]);
  return row === undefined ? undefined : Number(row.s);
}

export async function selectRevisionAt(query: SqlQuery, sequenceNo: number, documentId: string): Promise<RevisionRow | undefined> {
  const rows = await query<RevisionRow>(`SELECT ${REVISION_COLUMNS} FROM journal_revision r WHERE r.sequence_no = ? AND r.document_id = ?`, [sequenceNo, documentId]);
  return rows[0];
}

/**
 * The statement that redacts a revision row: its data replaced by `dataHash` (the only change the
 * journal's triggers let through), when it still holds data.
 */
export function redactRevisionStatement(sequenceNo: number, documentId: string, dataHash: Uint8Array): SqlStatement {
  return {
    sql: 'UPDATE journal_revision SET data = NULL, data_hash = ? WHERE sequence_no = ? AND document_id = ? AND data IS NOT NULL',
    parameters: [blob(dataHash), sequenceNo, documentId],
  };
}

/**
 * The statement that redacts an event: block `sequenceNo`'s header rewritten with the event's
 * payload replaced by its digest (the only change the journal's triggers let through a block row).
 */
export function redactEventStatement(sequenceNo: number, header: Uint8Array): SqlStatement {
  return { sql: 'UPDATE journal_block SET header = ? WHERE sequence_no = ?', parameters: [blob(header), sequenceNo] };
}

/**
 * Committed revisions of a table (optionally one document, optionally a block-time range), in
 * journal order. A table's documents are found through the current documents (deleted ones stay
 * there), then their revisions through the by-document index.
 */
export async function selectHistory(
  query: SqlQuery,
  tableId: string,
  filter: { documentId?: string; fromTime?: string; toTime?: string },
): Promise<RevisionRow[]> {
  const conditions = ['d.table_id = ?'];
  const parameters: unknown[] = [tableId];
  if (filter.documentId !== undefined) conditions.push('d.document_id = ?') && parameters.push(filter.documentId);
  if (filter.fromTime !== undefined) conditions.push('b.block_time >= ?') && parameters.push(filter.fromTime);
  if (filter.toTime !== undefined) conditions.push('b.block_time <= ?') && parameters.push(filter.toTime);
  return query<RevisionRow>(
    `SELECT ${REVISION_COLUMNS}
       FROM ledger_document d
       JOIN journal_revision r ON r.document_id = d.document_id
       JOIN journal_block b ON b.sequence_no = r.sequence_no
      WHERE ${conditions.join(' AND ')} ORDER BY r.sequence_no, r.position`,
    parameters,
  );
}

export async function selectTreeNodes(query: SqlQuery, addresses: readonly TreeNodeAddress[]): Promise<TreeNode[]> {
  if (addresses.length === 0) return [];
  const rows = await query<{ level: number; idx: number; hash: Uint8Array }>(
    `SELECT level, idx, hash FROM journal_tree_node WHERE ${addresses.map(() => '(level = ? AND idx = ?)').join(' OR ')}`,
    addresses.flatMap((a) => [a.level, a.index]),
  );
  return rows.map((r) => ({ level: r.level, index: r.idx, hash: r.hash }));
}

export async function selectTreeLevelRange(query: SqlQuery, level: number, first: number, last: number): Promise<TreeNode[]> {
  const rows = await query<{ idx: number; hash: Uint8Array }>(
    'SELECT idx, hash FROM journal_tree_node WHERE level = ? AND idx BETWEEN ? AND ? ORDER BY idx',
    [level, first, last],
  );
  return rows.map((r) => ({ level, index: r.idx, hash: r.hash }));
}

export async function countRows(query: SqlQuery, table: 'journal_tree_node' | 'journal_block' | 'ledger_document' | 'ledger_index_entry'): Promise<number> {
  const [row] = await query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`);
  return Number(row.n);
}

// --- current documents and indexes -----------------------------------------------------------

const DOCUMENT_COLUMNS = `document_id AS "documentId", table_id AS "tableId", version, sequence_no AS "sequenceNo", data`;

export async function upsertDocuments(query: SqlQuery, rows: readonly DocumentRow[]): Promise<void> {
  await insert(query, upsertDocumentsSql(rows));
}

function upsertDocumentsSql(rows: readonly DocumentRow[]): RowsInsert {
  return {
    head: 'INSERT INTO ledger_document (document_id, table_id, version, sequence_no, data)',
    types: ['text', 'text', 'integer', 'integer', 'blob'],
    rows: rows.map((r) => [r.documentId, r.tableId, r.version, r.sequenceNo, r.data]),
    tail: ` ON CONFLICT (document_id) DO UPDATE SET table_id = excluded.table_id, version = excluded.version,
        sequence_no = excluded.sequence_no, data = excluded.data`,
  };
}

export function selectDocuments(query: SqlQuery, documentIds: readonly string[]): Promise<DocumentRow[]> {
  return selectInChunks(documentIds, (chunk, placeholders) => query<DocumentRow>(`SELECT ${DOCUMENT_COLUMNS} FROM ledger_document WHERE document_id IN (${placeholders})`, chunk));
}

/** Every document row of a table, deleted ones (data null) included, in sequence order. */
export async function selectTableDocuments(query: SqlQuery, tableId: string): Promise<DocumentRow[]> {
  return query<DocumentRow>(`SELECT ${DOCUMENT_COLUMNS} FROM ledger_document WHERE table_id = ? ORDER BY sequence_no, document_id`, [tableId]);
}

/**
 * The revision rows of the last block (up to `tip`) holding a revision of each of `documentIds`, in
 * journal order, for verification: one row per document (more only where rows of one block repeat a
 * document; the last of them is its last revision). The earlier revisions are not read out, however
 * many a document has.
 */
export function selectLastRevisionsOfDocuments(query: SqlQuery, documentIds: readonly string[], tip: number): Promise<RevisionRow[]> {
  return selectInChunks(documentIds, (chunk, placeholders) =>
    query<RevisionRow>(
      `SELECT ${REVISION_COLUMNS}
         FROM (SELECT document_id, MAX(sequence_no) AS last FROM journal_revision
                WHERE document_id IN (${placeholders}) AND sequence_no <= ? GROUP BY document_id) l
         JOIN journal_revision r ON r.sequence_no = l.last AND r.document_id = l.document_id
        ORDER BY r.sequence_no, r.position`,
      [...chunk, tip],
    ),
  );
}

/** A page of the documents that have revisions (up to block `tip`) and no document row, with the block of their last revision, by document id. */
export async function selectDocumentsWithoutRow(query: SqlQuery, afterDocumentId: string, tip: number, limit: number): Promise<Array<{ documentId: string; sequenceNo: number }>> {
  return query(
    `SELECT r.document_id AS "documentId", MAX(r.sequence_no) AS "sequenceNo" FROM journal_revision r
      WHERE r.document_id > ? AND r.sequence_no <= ? AND NOT EXISTS (SELECT 1 FROM ledger_document d WHERE d.document_id = r.document_id)
      GROUP BY r.document_id ORDER BY r.document_id LIMIT ?`,
    [afterDocumentId, tip, limit],
  );
}

/**
 * A page of all document rows, by document id, for verification; with `dataOfTables`, the data only
 * of the rows whose table_id is one of those (null for the others, which are then not read).
 */
export async function selectDocumentPage(query: SqlQuery, afterDocumentId: string, limit: number, dataOfTables?: readonly string[]): Promise<DocumentRow[]> {
  if (dataOfTables === undefined) {
    return query<DocumentRow>(`SELECT ${DOCUMENT_COLUMNS} FROM ledger_document WHERE document_id > ? ORDER BY document_id LIMIT ?`, [afterDocumentId, limit]);
  }
  const data = dataOfTables.length ? `CASE WHEN table_id IN (${dataOfTables.map(() => '?').join(', ')}) THEN data END` : 'NULL';
  return query<DocumentRow>(
    `SELECT document_id AS "documentId", table_id AS "tableId", version, sequence_no AS "sequenceNo", ${data} AS data
       FROM ledger_document WHERE document_id > ? ORDER BY document_id LIMIT ?`,
    [...dataOfTables, afterDocumentId, limit],
  );
}

export async function selectByIndex(query: SqlQuery, indexId: string, valueKey: Uint8Array): Promise<DocumentRow[]> {
  return query<DocumentRow>(
    `SELECT d.document_id AS "documentId", d.table_id AS "tableId", d.version, d.sequence_no AS "sequenceNo", d.data
       FROM ledger_index_entry e JOIN ledger_document d ON d.document_id = e.document_id
      WHERE e.index_id = ? AND e.value_key = ? ORDER BY d.sequence_no, d.document_id`,
    [indexId, blob(valueKey)],
  );
}

/** The SQL of order-key ranges, by [lower bound inclusive][upper bound inclusive], each built once. */
const RANGE_SQL = [false, true].map((lowerInclusive) =>
  [false, true].map((upperInclusive) => {
    const condition = `e.index_id = ? AND e.order_key ${lowerInclusive ? '>=' : '>'} ? AND e.order_key ${upperInclusive ? '<=' : '<'} ?`;
    const from = 'FROM ledger_index_entry e JOIN ledger_document d ON d.document_id = e.document_id';
    return {
      select: `SELECT d.document_id AS "documentId", d.table_id AS "tableId", d.version, d.sequence_no AS "sequenceNo", d.data
                 ${from} WHERE ${condition} ORDER BY d.sequence_no, d.document_id`,
      max: `SELECT MAX(d.sequence_no) AS s ${from} WHERE ${condition}`,
    };
  }),
);

function rangeSql(range: OrderKeyRange): { select: string; max: string } {
  return RANGE_SQL[range.lowerInclusive ? 1 : 0][range.upperInclusive ? 1 : 0];
}

/** Documents whose entry in an index has an order key within `range`, in sequence order. */
export function selectByIndexRange(query: SqlQuery, indexId: string, range: OrderKeyRange): Promise<DocumentRow[]> {
  return query<DocumentRow>(rangeSql(range).select, orderKeyParameters(indexId, range));
}

export async function maxSequenceOfIndexRange(query: SqlQuery, indexId: string, range: OrderKeyRange): Promise<number> {
  const [row] = await query<{ s: number | null }>(rangeSql(range).max, orderKeyParameters(indexId, range));
  return row.s === null ? -1 : Number(row.s);
}

function orderKeyParameters(indexId: string, range: OrderKeyRange): unknown[] {
  const lower = blob(range.lower);
  return [indexId, lower, range.upper === range.lower ? lower : blob(range.upper)];
}

/** A page of a table's document rows (deleted ones included) after `after`, in (sequence_no, document_id) order. */
export async function selectTableDocumentPage(
  query: SqlQuery,
  tableId: string,
  after: DocumentPosition | undefined,
  limit: number,
): Promise<DocumentRow[]> {
  if (after === undefined) {
    return query<DocumentRow>(`SELECT ${DOCUMENT_COLUMNS} FROM ledger_document WHERE table_id = ? ORDER BY sequence_no, document_id LIMIT ?`, [
      tableId,
      limit,
    ]);
  }
  return query<DocumentRow>(
    `SELECT ${DOCUMENT_COLUMNS} FROM ledger_document WHERE table_id = ? AND (sequence_no, document_id) > (?, ?)
      ORDER BY sequence_no, document_id LIMIT ?`,
    [tableId, after.sequenceNo, after.documentId, limit],
  );
}

/**
 * The latest revision of each document of a table (or of one document), deleted ones included: the
 * rows of QLDB's committed view, with the document's sequenceNo.
 */
export async function selectCurrentRevisions(query: SqlQuery, tableId: string, documentId?: string): Promise<RevisionRow[]> {
  const byDocument = documentId === undefined ? '' : ' AND d.document_id = ?';
  return query<RevisionRow>(
    `SELECT ${REVISION_COLUMNS} FROM ledger_document d
       JOIN journal_revision r ON r.document_id = d.document_id AND r.version = d.version
      WHERE d.table_id = ?${byDocument} ORDER BY r.sequence_no, r.position`,
    documentId === undefined ? [tableId] : [tableId, documentId],
  );
}

export async function maxSequenceOfTable(query: SqlQuery, tableId: string): Promise<number> {
  const [row] = await query<{ s: number | null }>('SELECT MAX(sequence_no) AS s FROM ledger_document WHERE table_id = ?', [tableId]);
  return row.s === null ? -1 : Number(row.s);
}

/** The sequenceNo of each of `documentIds` that exists (deleted ones included), by document id: no data is read. */
export async function documentSequences(query: SqlQuery, documentIds: readonly string[]): Promise<Map<string, number>> {
  const sequences = new Map<string, number>();
  for (const chunk of chunks(documentIds)) {
    const rows = await query<{ d: string; s: number }>(
      `SELECT document_id AS d, sequence_no AS s FROM ledger_document WHERE document_id IN (${chunk.map(() => '?').join(', ')})`,
      chunk,
    );
    for (const row of rows) sequences.set(row.d, Number(row.s));
  }
  return sequences;
}

/** The highest sequenceNo among the documents of each of `tableIds` that has any, by table id. */
export async function maxSequencesOfTables(query: SqlQuery, tableIds: readonly string[]): Promise<Map<string, number>> {
  const sequences = new Map<string, number>();
  for (const chunk of chunks(tableIds)) {
    const rows = await query<{ t: string; s: number }>(
      `SELECT table_id AS t, MAX(sequence_no) AS s FROM ledger_document WHERE table_id IN (${chunk.map(() => '?').join(', ')}) GROUP BY table_id`,
      chunk,
    );
    for (const row of rows) sequences.set(row.t, Number(row.s));
  }
  return sequences;
}

/** For each index value of `keys` that any document holds, the highest sequenceNo among those documents, by indexKeyOf(indexId, valueKey). */
export async function maxSequencesOfIndexKeys(
  query: SqlQuery,
  keys: readonly { indexId: string; valueKey: Uint8Array }[],
  keyOf: (indexId: string, valueKey: Uint8Array) => string,
): Promise<Map<string, number>> {
  const sequences = new Map<string, number>();
  for (let i = 0; i < keys.length; i += ROWS_PER_INSERT / 2) {
    const chunk = keys.slice(i, i + ROWS_PER_INSERT / 2);
    const rows = await query<{ i: string; k: Uint8Array; s: number }>(
      `SELECT e.index_id AS i, e.value_key AS k, MAX(d.sequence_no) AS s
         FROM ledger_index_entry e JOIN ledger_document d ON d.document_id = e.document_id
        WHERE ${chunk.map(() => '(e.index_id = ? AND e.value_key = ?)').join(' OR ')} GROUP BY e.index_id, e.value_key`,
      chunk.flatMap((key) => [key.indexId, blob(key.valueKey)]),
    );
    for (const row of rows) sequences.set(keyOf(row.i, row.k), Number(row.s));
  }
  return sequences;
}

export async function deleteIndexEntriesOfIndex(query: SqlQuery, indexId: string): Promise<void> {
  await query('DELETE FROM ledger_index_entry WHERE index_id = ?', [indexId]);
}

export async function insertIndexEntries(query: SqlQuery, rows: readonly IndexEntryRow[]): Promise<void> {
  await insert(query, insertIndexEntriesSql(rows));
}

function insertIndexEntriesSql(rows: readonly IndexEntryRow[]): RowsInsert {
  return {
    head: 'INSERT INTO ledger_index_entry (index_id, value_key, document_id, order_key)',
    types: ['text', 'blob', 'text', 'blob'],
    rows: rows.map((r) => [r.indexId, r.valueKey, r.documentId, r.orderKey]),
  };
}

/** The document ids after `after` (all when undefined) up to `upTo` inclusive (no end when undefined). */
export interface DocumentIdRange {
  after?: string;
  upTo?: string;
}

/** An index entry's place in the order verification reads them: (document_id, index_id, value_key), a unique key. */
export type IndexEntryPosition = Pick<IndexEntryRow, 'documentId' | 'indexId' | 'valueKey'>;

/** A page of the index entries of the documents in `range`, after `from` (from the range's start when undefined), in position order, for verification. */
export async function selectIndexEntriesOfDocuments(
  query: SqlQuery,
  range: DocumentIdRange,
  from: IndexEntryPosition | undefined,
  limit: number,
): Promise<IndexEntryRow[]> {
  const conditions: string[] = [];
  const parameters: unknown[] = [];
  if (from) {
    conditions.push('document_id >= ? AND (document_id > ? OR (document_id = ? AND (index_id > ? OR (index_id = ? AND value_key > ?))))');
    const valueKey = from.valueKey instanceof Uint8Array ? blob(from.valueKey) : from.valueKey; // as read: a damaged row may hold another type
    parameters.push(from.documentId, from.documentId, from.documentId, from.indexId, from.indexId, valueKey);
  } else if (range.after !== undefined) {
    conditions.push('document_id > ?');
    parameters.push(range.after);
  }
  if (range.upTo !== undefined) {
    conditions.push('document_id <= ?');
    parameters.push(range.upTo);
  }
  return query<IndexEntryRow>(
    `SELECT index_id AS "indexId", value_key AS "valueKey", document_id AS "documentId", order_key AS "orderKey" FROM ledger_index_entry
      ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''} ORDER BY document_id, index_id, value_key LIMIT ?`,
    [...parameters, limit],
  );
}

// --- verification ----------------------------------------------------------------------------

/** Every row of ledger_strand (a ledger has exactly one), as stored. */
export async function selectStrandRows(query: SqlQuery): Promise<Array<Pick<StrandRow, 'strandId' | 'ledgerName'>>> {
  return query('SELECT strand_id AS "strandId", ledger_name AS "ledgerName" FROM ledger_strand');
}

/** The sequenceNo of the journal's last block; -1 when it has none. */
export async function selectLastSequenceNo(query: SqlQuery): Promise<number> {
  const [row] = await query<{ s: number | null }>('SELECT MAX(sequence_no) AS s FROM journal_block');
  return row.s === null ? -1 : Number(row.s);
}

/** The lowest sequenceNo of a revision row beyond block `tip`; undefined when there is none. */
export async function selectFirstRevisionAfter(query: SqlQuery, tip: number): Promise<number | undefined> {
  const [row] = await query<{ s: number | null }>('SELECT MIN(sequence_no) AS s FROM journal_revision WHERE sequence_no > ?', [tip]);
  return row.s === null ? undefined : Number(row.s);
}

/** Per level of the ledger tree: how many nodes are stored, and the highest index among them. */
export async function selectTreeLevels(query: SqlQuery): Promise<Array<{ level: number; nodes: number; maxIndex: number }>> {
  const rows = await query<{ level: number; n: number; m: number }>('SELECT level, COUNT(*) AS n, MAX(idx) AS m FROM journal_tree_node GROUP BY level');
  return rows.map((row) => ({ level: Number(row.level), nodes: Number(row.n), maxIndex: Number(row.m) }));
}

/**
 * Whether the database is SQLite: of the two the ledger runs on, the one whose comparisons yield
 * integers (PostgreSQL's yield booleans). Asked with a statement both run, so that no failed
 * statement aborts PostgreSQL's transaction.
 */
export async function isSqliteDatabase(query: SqlQuery): Promise<boolean> {
  const [row] = await query<{ b: unknown }>('SELECT 1 = 1 AS b');
  return typeof row.b !== 'boolean';
}

/** SQLite's own check of the file (b-trees, free list, indexes against their tables): its findings, at most `limit`; none when sound. */
export async function selectIntegrityProblems(query: SqlQuery, limit: number): Promise<string[]> {
  const rows = await query<Record<string, unknown>>(`PRAGMA integrity_check(${Math.trunc(limit)})`);
  const findings = rows.map((row) => String(Object.values(row)[0]));
  return findings.length === 1 && findings[0] === 'ok' ? [] : findings;
}
