// The rows a batch of commits writes, gathered in memory and written with one multi-row statement
// per table, or one statement in all on PostgreSQL (group commit pays for SQL once per batch, not
// once per block), plus what the batch changed so far, against which later transactions of the
// same batch are validated.
import type { TreeNode } from '../crypto';
import type { Block } from '../journal';
import {
  batchStatements,
  redactEventStatement,
  redactRevisionStatement,
  type BlockRow,
  type DocumentRow,
  type IndexEntryRow,
  type RevisionRow,
  type SqlQuery,
  type SqlStatement,
} from '../storage';
import { blockToRows } from './journal-rows';
import type { PendingWrite } from './pending-write';
import { indexKeyOf, type BatchChanges, type OrderKeyWritten } from './read-set';
import type { RedactedEventInfo } from './event-redaction';
import type { RedactedRevisionInfo } from './redaction';

export class CommitBatch implements BatchChanges {
  readonly documents = new Map<string, number>();
  readonly tables = new Map<string, number>();
  readonly indexKeys = new Map<string, number>();
  readonly indexOrderKeys = new Map<string, OrderKeyWritten[]>();
  private blocks: BlockRow[] = [];
  private revisions: RevisionRow[] = [];
  private nodes: TreeNode[] = [];
  private current = new Map<string, DocumentRow>();
  private entries = new Map<string, IndexEntryRow[]>();
  /** Documents whose earlier index entries must go (every indexed one but those written for the first time). */
  private reindexed: string[] = [];
  /** Run after the inserts: the revision rows the batch's redaction blocks empty, and rows written beside the journal. */
  private after: SqlStatement[] = [];
  /** `${documentId}@${sequenceNo}` of every revision the batch redacts. */
  private readonly redacted = new Set<string>();

  /** Adds a block, the tree nodes it created and its transaction's writes. */
  add(block: Block, nodes: readonly TreeNode[], writes: readonly PendingWrite[]): void {
    const sequenceNo = block.blockAddress.sequenceNo;
    const byDocument = new Map(writes.map((w) => [w.documentId, w]));
    const encoded = new Map(writes.filter((w) => w.ion).map((w) => [w.documentId, w.ion as Uint8Array]));
    const rows = blockToRows(block, (id) => byDocument.get(id)?.table.tableId ?? null, encoded);
    this.blocks.push(rows.block);
    for (const revision of rows.revisions) this.revisions.push(revision); // a loop: spreading a block's revisions into push overflows the stack past about 120,000
    for (const node of nodes) this.nodes.push(node);
    for (const write of writes) this.addWrite(write, sequenceNo);
  }

  /** Replaces the data of the revision a redaction block names by `dataHash`. */
  redact(info: RedactedRevisionInfo, dataHash: Uint8Array): void {
    this.after.push(redactRevisionStatement(info.blockAddress.sequenceNo, info.documentId, dataHash));
    this.redacted.add(`${info.documentId}@${info.blockAddress.sequenceNo}`);
  }

  /** Rewrites the header of the block an event redaction names (`header`: with the event redacted). */
  redactEvent(info: RedactedEventInfo, header: Uint8Array): void {
    this.after.push(redactEventStatement(info.blockAddress.sequenceNo, header));
  }

  /** Statements of rows beside the journal (attached-writes.ts), run after the block's rows. */
  attach(statements: readonly SqlStatement[]): void {
    this.after.push(...statements);
  }

  /** Whether a redaction of the batch already names this revision. */
  redacts(info: RedactedRevisionInfo): boolean {
    return this.redacted.has(`${info.documentId}@${info.blockAddress.sequenceNo}`);
  }

  /** Writes everything gathered so far; `oneStatement` as batchStatements takes it. */
  async flush(query: SqlQuery, oneStatement: boolean): Promise<void> {
    for (const statement of this.statements(oneStatement)) await query(statement.sql, statement.parameters, statement.name);
  }

  /** The statements that write everything gathered so far, which is then forgotten. */
  statements(oneStatement: boolean): SqlStatement[] {
    const rows = { blocks: this.blocks, revisions: this.revisions, nodes: this.nodes, documents: [...this.current.values()], indexEntries: allEntries(this.entries) };
    const statements = [...batchStatements(rows, this.reindexed, oneStatement), ...this.after];
    this.blocks = [];
    this.revisions = [];
    this.nodes = [];
    this.current = new Map();
    this.entries = new Map();
    this.reindexed = [];
    this.after = [];
    return statements;
  }

  private addWrite(write: PendingWrite, sequenceNo: number): void {
    const { documentId, table, version } = write;
    this.current.set(documentId, { documentId, tableId: table.tableId, version, sequenceNo, data: write.ion ?? null });
    this.documents.set(documentId, sequenceNo);
    this.tables.set(table.tableId, sequenceNo);
    if (write.indexEntries === undefined) return;
    if (version > 0 && !this.entries.has(documentId)) this.reindexed.push(documentId);
    this.entries.set(documentId, write.indexEntries);
    for (const entry of write.indexEntries) {
      this.indexKeys.set(indexKeyOf(entry.indexId, entry.valueKey), sequenceNo);
      if (entry.orderKey) this.orderKeysOf(entry.indexId).push({ orderKey: entry.orderKey, sequenceNo });
    }
  }

  private orderKeysOf(indexId: string): OrderKeyWritten[] {
    let keys = this.indexOrderKeys.get(indexId);
    if (!keys) this.indexOrderKeys.set(indexId, (keys = []));
    return keys;
  }
}

/** Every entry of `entries`, document after document (a loop: spreading the map's values into one call overflows the stack past about 100,000 documents). */
function allEntries(entries: Map<string, IndexEntryRow[]>): IndexEntryRow[] {
  const all: IndexEntryRow[] = [];
  for (const rows of entries.values()) for (const row of rows) all.push(row);
  return all;
}
