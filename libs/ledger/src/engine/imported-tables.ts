// The tables of an imported journal that has no catalog revisions for them (a QLDB export keeps its
// catalog in hash-only system revisions): derived from each block's transactionInfo.documents
// (tableName, tableId). The import stores one catalog row per such table (version -1: no revision
// of it exists; sequenceNo: the first block that wrote to it), so queries, `.tables` and new commits
// see the table; `verify()` derives them again and compares. Of several tables sharing a name (a
// table dropped and created again), the one written last is ACTIVE, the others INACTIVE; a table
// whose name a later `DROP TABLE` statement names (and no `UNDROP TABLE` of its id follows) is
// INACTIVE too. Indexes declared at import (QLDB's export carries none) are not journaled: they sit
// on these rows, and verify() checks their entries, not their presence.
import { InvalidArgumentError } from '../errors';
import { toIon } from '../ion';
import { newJournalId, type Block } from '../journal';
import { indexExpression, type DocumentRow } from '../storage';
import { CATALOG_TABLE_ID, checkTableName, definitionToDocument, type IndexDefinition } from './catalog';
import { checkIndexPath } from './transaction-catalog';

interface SeenTable {
  name: string;
  firstSequenceNo: number;
  lastSequenceNo: number;
}

/** A DROP TABLE (by name) or UNDROP TABLE (by id) statement of the journal, and its block. */
interface TableStatement {
  sequenceNo: number;
  drop: boolean;
  /** The table's name (DROP) or id (UNDROP). */
  target: string;
}

const DROP_TABLE = /^\s*DROP\s+TABLE\s+(?:"([^"]+)"|([A-Za-z_][A-Za-z0-9_]*))\s*;?\s*$/i;
const UNDROP_TABLE = /^\s*UNDROP\s+TABLE\s+"([^"]+)"\s*;?\s*$/i;

export class ImportedTables {
  private readonly seen = new Map<string, SeenTable>();
  private readonly tableStatements: TableStatement[] = [];

  /** Notes the tables a block wrote to, and the tables its statements dropped or undropped. */
  push(block: Pick<Block, 'blockAddress'> & { transactionInfo: Pick<Block['transactionInfo'], 'documents' | 'statements'> }): void {
    const statements = (block.transactionInfo.statements ?? []).map(({ statement }) => statement);
    this.pushTables(block.blockAddress.sequenceNo, Object.values(block.transactionInfo.documents), statements);
  }

  /** Notes the tables (tableId, tableName) block `sequenceNo` wrote to, and the tables its statements dropped or undropped. */
  pushTables(sequenceNo: number, documents: Iterable<{ tableId: unknown; tableName: unknown }>, statements: Iterable<unknown>): void {
    for (const { tableId, tableName } of documents) {
      if (tableId === CATALOG_TABLE_ID || typeof tableId !== 'string') continue;
      const table = this.seen.get(tableId);
      if (table) table.lastSequenceNo = sequenceNo;
      else this.seen.set(tableId, { name: tableName as string, firstSequenceNo: sequenceNo, lastSequenceNo: sequenceNo });
    }
    for (const statement of statements) {
      const drop = typeof statement === 'string' ? DROP_TABLE.exec(statement) : null;
      const undrop = typeof statement === 'string' ? UNDROP_TABLE.exec(statement) : null;
      if (drop) this.tableStatements.push({ sequenceNo, drop: true, target: drop[1] ?? drop[2] });
      if (undrop) this.tableStatements.push({ sequenceNo, drop: false, target: undrop[1] });
    }
  }

  /**
   * The catalog rows of the tables seen, except those the journal has a catalog revision for;
   * `indexes` gives a table (by name) the indexes declared at import.
   */
  catalogRows(hasCatalogRevision: (tableId: string) => boolean, indexes: ReadonlyMap<string, IndexDefinition[]> = new Map()): DocumentRow[] {
    const latestByName = new Map<string, number>();
    for (const table of this.seen.values()) latestByName.set(table.name, Math.max(latestByName.get(table.name) ?? -1, table.lastSequenceNo));
    const rows: DocumentRow[] = [];
    for (const [tableId, table] of this.seen) {
      if (hasCatalogRevision(tableId)) continue;
      const active = latestByName.get(table.name) === table.lastSequenceNo && !this.droppedLast(tableId, table);
      const status = active ? 'ACTIVE' : 'INACTIVE';
      const definition = { name: table.name, tableId, status, indexes: active ? (indexes.get(table.name) ?? []) : [] } as const;
      rows.push({ documentId: tableId, tableId: CATALOG_TABLE_ID, version: -1, sequenceNo: table.firstSequenceNo, data: toIon(definitionToDocument(definition), 'binary') });
    }
    return rows;
  }

  /** Whether the last DROP or UNDROP at or after the table's last write drops it. */
  private droppedLast(tableId: string, table: SeenTable): boolean {
    let dropped = false;
    for (const statement of this.tableStatements) {
      if (statement.sequenceNo < table.lastSequenceNo) continue;
      if (statement.drop && statement.target === table.name) dropped = true;
      else if (!statement.drop && statement.target === tableId) dropped = false;
    }
    return dropped;
  }
}

/**
 * The indexes `specs` declare, by table name: each `Table.field` (or `Table.a.b` for a nested
 * path), as `ledger import --index` takes them. Throws InvalidArgumentError naming a malformed one.
 */
export function declaredIndexes(specs: readonly string[]): Map<string, IndexDefinition[]> {
  const indexes = new Map<string, IndexDefinition[]>();
  for (const spec of specs) {
    const [table, ...path] = typeof spec === 'string' ? spec.split('.') : [];
    if (!table || path.length === 0) throw new InvalidArgumentError(`an index is declared as Table.field, not ${JSON.stringify(spec)}`, spec);
    checkTableName(table);
    const expr = indexExpression(checkIndexPath(path));
    const declared = indexes.get(table) ?? [];
    if (declared.some((index) => index.expr === expr)) throw new InvalidArgumentError(`the index ${JSON.stringify(spec)} is declared twice`, spec);
    indexes.set(table, [...declared, { indexId: newJournalId(), expr, status: 'ONLINE' }]);
  }
  return indexes;
}
