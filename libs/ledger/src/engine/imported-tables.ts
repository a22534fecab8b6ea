// The tables of an imported journal that has no catalog revisions for them (a QLDB export keeps its
// catalog in hash-only system revisions): derived from each block's transactionInfo.documents
// (tableName, tableId). The import stores one catalog row per such table (version -1: no revision
// of it exists; sequenceNo: the first block that wrote to it), so queries, `.tables` and new commits
// see the table; `verify()` derives them again and compares. Of several tables sharing a name (a
// table dropped and created again), the one written last is ACTIVE, the others INACTIVE.
import { toIon } from '../ion';
import type { Block } from '../journal';
import type { DocumentRow } from '../storage';
import { CATALOG_TABLE_ID, definitionToDocument } from './catalog';

interface SeenTable {
  name: string;
  firstSequenceNo: number;
  lastSequenceNo: number;
}

export class ImportedTables {
  private readonly seen = new Map<string, SeenTable>();

  /** Notes the tables a block wrote to. */
  push(block: Block): void {
    const sequenceNo = block.blockAddress.sequenceNo;
    for (const { tableId, tableName } of Object.values(block.transactionInfo.documents)) {
      if (tableId === CATALOG_TABLE_ID || typeof tableId !== 'string') continue;
      const table = this.seen.get(tableId);
      if (table) table.lastSequenceNo = sequenceNo;
      else this.seen.set(tableId, { name: tableName, firstSequenceNo: sequenceNo, lastSequenceNo: sequenceNo });
    }
  }

  /** The catalog rows of the tables seen, except those the journal has a catalog revision for. */
  catalogRows(hasCatalogRevision: (tableId: string) => boolean): DocumentRow[] {
    const latestByName = new Map<string, number>();
    for (const table of this.seen.values()) latestByName.set(table.name, Math.max(latestByName.get(table.name) ?? -1, table.lastSequenceNo));
    const rows: DocumentRow[] = [];
    for (const [tableId, table] of this.seen) {
      if (hasCatalogRevision(tableId)) continue;
      const status = latestByName.get(table.name) === table.lastSequenceNo ? 'ACTIVE' : 'INACTIVE';
      const data = toIon(definitionToDocument({ name: table.name, tableId, status, indexes: [] }), 'binary');
      rows.push({ documentId: tableId, tableId: CATALOG_TABLE_ID, version: -1, sequenceNo: table.firstSequenceNo, data });
    }
    return rows;
  }
}
