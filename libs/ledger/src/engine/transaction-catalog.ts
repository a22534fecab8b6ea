// The catalog as one transaction sees and changes it: the tables it reads are recorded in the read
// set (a concurrent DROP or CREATE INDEX conflicts with it), and its DDL works on a copy that commits
// with the block.
import { CATALOG_TABLE_ID, CATALOG_TABLE_NAME, type Catalog, type CatalogEntry, type TableDefinition } from './catalog';
import { InvalidArgumentError, TableNotFoundError } from './errors';
import type { ReadSet } from './read-set';

/** The catalog as a read-only table; its documents are read like any other (and conflict-checked by scan). */
const CATALOG_ENTRY: CatalogEntry = {
  definition: { name: CATALOG_TABLE_NAME, tableId: CATALOG_TABLE_ID, status: 'ACTIVE', indexes: [] },
  version: -1,
  sequenceNo: -1,
};

export class TransactionCatalog {
  private changed = false;

  constructor(
    private catalog: Catalog,
    private readonly readSet: ReadSet,
  ) {}

  /** The active table named `name`; TableNotFoundError when there is none. */
  active(name: string): CatalogEntry {
    if (typeof name !== 'string') throw new InvalidArgumentError(`table name must be a string, not ${typeof name}`, name);
    if (name === CATALOG_TABLE_NAME) return CATALOG_ENTRY;
    const entry = this.catalog.activeByName(name);
    if (!entry) {
      this.readAll();
      throw new TableNotFoundError(name);
    }
    if (entry.sequenceNo >= 0) this.readSet.catalogEntry(entry.definition.tableId, entry.sequenceNo);
    return entry;
  }

  /** Whether an active table is named `name` (the whole catalog read). */
  hasActive(name: string): boolean {
    this.readAll();
    return this.catalog.activeByName(name) !== undefined;
  }

  /** The dropped table with `tableId` (the whole catalog read); TableNotFoundError when there is none. */
  dropped(tableId: string): CatalogEntry {
    this.readAll();
    const entry = this.catalog.byTableId(tableId);
    if (!entry || entry.definition.status !== 'INACTIVE') throw new TableNotFoundError(tableId, 'no dropped table has that id');
    return entry;
  }

  /** The table with `tableId`, dropped ones included (the whole catalog read); undefined when none has it. */
  byTableId(tableId: string): CatalogEntry | undefined {
    this.readAll();
    return this.catalog.byTableId(tableId);
  }

  /** Puts a table's new definition in this transaction's copy of the catalog. */
  put(previous: CatalogEntry | undefined, definition: TableDefinition): void {
    if (!this.changed) this.catalog = this.catalog.clone();
    this.changed = true;
    this.catalog.put({ definition, version: previous?.version ?? -1, sequenceNo: previous?.sequenceNo ?? -1 });
  }

  /** The catalog as this transaction left it, when it ran DDL. */
  changedCatalog(): Catalog | undefined {
    return this.changed ? this.catalog : undefined;
  }

  private readAll(): void {
    this.readSet.catalog(this.catalog.newestSequenceNo());
  }
}

/** An index path from a field name or a list of them; each a non-empty name without brackets. */
export function checkIndexPath(field: string | readonly string[]): string[] {
  const path = typeof field === 'string' ? [field] : Array.isArray(field) ? [...field] : [];
  if (path.length === 0 || !path.every((name) => typeof name === 'string' && name.length > 0 && !name.includes('[') && !name.includes(']'))) {
    throw new InvalidArgumentError(`index field ${JSON.stringify(field)} must be a field name or a path of them, without [ or ]`, field);
  }
  return path;
}
