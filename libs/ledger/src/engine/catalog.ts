// The ledger's tables and indexes. The catalog is itself a journaled table,
// `information_schema.user_tables` (QLDB's name): each table is one document whose revisions record
// every CREATE/DROP/UNDROP TABLE and CREATE/DROP INDEX, so the schema is verified and proven like data.
import type { IonStructObject } from '../ion';
import { indexKeysOf, indexPath, type IndexEntryRow } from '../storage';
import { InvalidArgumentError } from './errors';

export const CATALOG_TABLE_NAME = 'information_schema.user_tables';
export const CATALOG_TABLE_ID = 'UserTables000000000000';

export interface IndexDefinition {
  indexId: string;
  /** The indexed path as QLDB writes it, e.g. `[VIN]`; a nested one as `[Owners].[PrimaryOwner].[PersonId]`. */
  expr: string;
  status: 'ONLINE';
}

export interface TableDefinition {
  name: string;
  tableId: string;
  status: 'ACTIVE' | 'INACTIVE';
  indexes: IndexDefinition[];
}

/** A table as the catalog knows it, with the version and sequenceNo of its catalog document. */
export interface CatalogEntry {
  definition: TableDefinition;
  version: number;
  sequenceNo: number;
}

const TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

/** Throws unless `name` is a valid table name (letters, digits, underscores; 1-128; no leading digit). */
export function checkTableName(name: unknown): string {
  if (typeof name !== 'string' || !TABLE_NAME.test(name)) {
    throw new InvalidArgumentError(
      `table name ${JSON.stringify(name)} is invalid: use 1-128 letters, digits or underscores, not starting with a digit`,
      name,
    );
  }
  return name;
}

/** The path an index expression names: `[VIN]` → `['VIN']`. */
export function indexedPath(index: IndexDefinition): string[] {
  return indexPath(index.expr) ?? [index.expr.slice(1, -1)];
}

/** An in-memory copy of the catalog's documents, by table id and by active name. */
export class Catalog {
  private readonly byId = new Map<string, CatalogEntry>();

  static of(entries: Iterable<CatalogEntry>): Catalog {
    const catalog = new Catalog();
    for (const entry of entries) catalog.put(entry);
    return catalog;
  }

  put(entry: CatalogEntry): void {
    this.byId.set(entry.definition.tableId, entry);
  }

  byTableId(tableId: string): CatalogEntry | undefined {
    return this.byId.get(tableId);
  }

  activeByName(name: string): CatalogEntry | undefined {
    for (const entry of this.byId.values()) {
      if (entry.definition.name === name && entry.definition.status === 'ACTIVE') return entry;
    }
    return undefined;
  }

  /** The sequenceNo of the newest catalog change (-1 for none). */
  newestSequenceNo(): number {
    let newest = -1;
    for (const entry of this.byId.values()) newest = Math.max(newest, entry.sequenceNo);
    return newest;
  }

  entries(): CatalogEntry[] {
    return [...this.byId.values()];
  }

  clone(): Catalog {
    return Catalog.of(this.entries());
  }
}

/** A table definition as the catalog document stores it. */
export function definitionToDocument(definition: TableDefinition): IonStructObject {
  return {
    name: definition.name,
    tableId: definition.tableId,
    status: definition.status,
    indexes: definition.indexes.map((i) => ({ indexId: i.indexId, expr: i.expr, status: i.status })),
  };
}

/** A catalog document read back as a table definition. */
export function documentToDefinition(document: IonStructObject): TableDefinition {
  const indexes = (document.indexes as IonStructObject[]).map((i) => ({
    indexId: i.indexId as string,
    expr: i.expr as string,
    status: 'ONLINE' as const,
  }));
  return {
    name: document.name as string,
    tableId: document.tableId as string,
    status: document.status as TableDefinition['status'],
    indexes,
  };
}

/** The entries `data` has in `indexes`: the keys of each indexed value it holds. */
export function indexEntries(indexes: readonly IndexDefinition[], documentId: string, data: IonStructObject): IndexEntryRow[] {
  const entries: IndexEntryRow[] = [];
  for (const index of indexes) {
    const keys = indexKeysOf(data, indexedPath(index));
    if (keys) entries.push({ indexId: index.indexId, documentId, ...keys });
  }
  return entries;
}
