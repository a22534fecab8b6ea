// The storage's own cost of a ledger's writes: raw better-sqlite3 writing again, into an empty file
// of the same schema (tables, indexes, triggers) at the same settings (the log checkpointed as
// often as the ledger's connections do), the rows a ledger file holds for its blocks (block,
// revisions, current documents, tree nodes), in transactions of a given number of blocks. No
// hashing, encoding or block building: what is left of a commit once the engine's work is taken
// away, the baseline the engine's commit rates are held against.
import Database from 'better-sqlite3';
import type { Measurement } from '../bench-harness';

type Row = Record<string, unknown>;

/** How often the ledger's connections checkpoint the write-ahead log (sqlite-storage.ts), so that the rows are written at the same settings. */
const LEDGER_WAL_AUTOCHECKPOINT_PAGES = 10_000;

/** What one block wrote: its block row, its revisions, and the tree nodes its leaf completed. */
interface BlockRows {
  block: Row;
  revisions: Row[];
  nodes: Row[];
}

/** Reads, from a closed ledger file, the rows each block wrote, in sequence order. */
export function blockRowsOf(ledgerPath: string): BlockRows[] {
  const db = new Database(ledgerPath, { readonly: true });
  try {
    const blocks = db.prepare('SELECT * FROM journal_block ORDER BY sequence_no').all() as Row[];
    const bySequence = new Map<number, BlockRows>(blocks.map((block) => [Number(block.sequence_no), { block, revisions: [], nodes: [] }]));
    const last = blocks.length - 1;
    for (const revision of db.prepare('SELECT * FROM journal_revision ORDER BY sequence_no, position').iterate() as Iterable<Row>) {
      bySequence.get(Number(revision.sequence_no))?.revisions.push(revision);
    }
    for (const node of db.prepare('SELECT * FROM journal_tree_node').iterate() as Iterable<Row>) {
      // A node is written by the block whose leaf completes it: the last leaf it covers.
      const completedBy = Math.min(last, (Number(node.idx) + 1) * 2 ** Number(node.level) - 1);
      bySequence.get(completedBy)?.nodes.push(node);
    }
    return [...bySequence.values()];
  } finally {
    db.close();
  }
}

/**
 * Writes `rows` into a new file at `path` made with the ledger file's schema, `blocksPerTransaction`
 * blocks per transaction, with the synchronous level given; the rate is in blocks per second.
 */
export function replayBlockRows(label: string, ledgerPath: string, path: string, rows: readonly BlockRows[], blocksPerTransaction: number, synchronous = 'FULL'): Measurement {
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${synchronous}`);
    db.pragma(`wal_autocheckpoint = ${LEDGER_WAL_AUTOCHECKPOINT_PAGES}`);
    db.exec(schemaOf(ledgerPath));
    const writeBlock = blockWriter(db);
    const writeTransaction = db.transaction((blocks: readonly BlockRows[]) => blocks.forEach(writeBlock));
    const started = process.hrtime.bigint();
    for (let i = 0; i < rows.length; i += blocksPerTransaction) writeTransaction(rows.slice(i, i + blocksPerTransaction));
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return { label, opsPerSecond: rows.length / seconds, microsPerOp: (seconds * 1e6) / rows.length };
  } finally {
    db.close();
  }
}

/** The CREATE statements of the ledger file's tables, then its indexes and triggers. */
function schemaOf(ledgerPath: string): string {
  const db = new Database(ledgerPath, { readonly: true });
  try {
    const objects = db.prepare("SELECT type, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'").all() as Array<{ type: string; sql: string }>;
    const order = ['table', 'index', 'view', 'trigger'];
    return objects
      .sort((a, b) => order.indexOf(a.type) - order.indexOf(b.type))
      .map((o) => `${o.sql};`)
      .join('\n');
  } finally {
    db.close();
  }
}

/** Writes one block's rows with single-row statements, each current document as the ledger does (an upsert). */
function blockWriter(db: Database.Database): (rows: BlockRows) => void {
  const block = db.prepare('INSERT INTO journal_block (sequence_no, block_hash, block_time, header) VALUES (@sequence_no, @block_hash, @block_time, @header)');
  const revision = db.prepare(
    `INSERT INTO journal_revision (sequence_no, position, table_id, document_id, version, hash, metadata, data, data_hash)
     VALUES (@sequence_no, @position, @table_id, @document_id, @version, @hash, @metadata, @data, @data_hash)`,
  );
  const document = db.prepare(
    `INSERT INTO ledger_document (document_id, table_id, version, sequence_no, data) VALUES (@document_id, @table_id, @version, @sequence_no, @data)
     ON CONFLICT (document_id) DO UPDATE SET table_id = excluded.table_id, version = excluded.version, sequence_no = excluded.sequence_no, data = excluded.data`,
  );
  const node = db.prepare('INSERT INTO journal_tree_node (level, idx, hash) VALUES (@level, @idx, @hash)');
  return (rows) => {
    block.run(pick(rows.block, ['sequence_no', 'block_hash', 'block_time', 'header']));
    for (const r of rows.revisions) {
      revision.run(pick(r, ['sequence_no', 'position', 'table_id', 'document_id', 'version', 'hash', 'metadata', 'data', 'data_hash']));
      if (r.document_id !== null) document.run(pick(r, ['document_id', 'table_id', 'version', 'sequence_no', 'data']));
    }
    for (const n of rows.nodes) node.run(pick(n, ['level', 'idx', 'hash']));
  };
}

function pick(row: Row, columns: readonly string[]): Row {
  return Object.fromEntries(columns.map((column) => [column, row[column] ?? null]));
}
