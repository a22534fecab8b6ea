// One ledger transaction as user code sees it inside `ledger.execute`: reads go to committed
// storage (recorded for the commit's conflict check) merged with the transaction's own buffered
// writes; writes are buffered and become one journal block at commit, with one statement each.
import { fromIon, ionHash, isPlainObject, toIon, type IonStructObject, type IonValue } from '../ion';
import { isJournalId, newJournalId, type JournalEvent, type Revision, type StatementInput } from '../journal';
import { ionOrderKey } from '../ion/ion-order-key';
import { setField } from '../ion/ion-struct-builder';
import {
  inOrderKeyRange,
  indexExpression,
  maxSequenceOfTable,
  selectByIndex,
  selectByIndexRange,
  selectCurrentRevisions,
  selectDocuments,
  selectHistory,
  selectTableDocumentPage,
  selectTableDocuments,
  valueAtPath,
  type DocumentPosition,
  type DocumentRow,
  type RevisionRow,
  type SqlStorage,
} from '../storage';
import {
  CATALOG_TABLE_ID,
  CATALOG_TABLE_NAME,
  checkTableName,
  definitionToDocument,
  indexedPath,
  indexEntries,
  type Catalog,
  type CatalogEntry,
  type IndexDefinition,
  type TableDefinition,
} from './catalog';
import { DocumentNotFoundError, InvalidArgumentError, LimitExceededError, TableNotFoundError, TransactionClosedError } from './errors';
import { orderKeyRange, type IndexRange } from './index-range';
import type { LedgerLimits } from './ledger-options';
import type { LedgerDocument, PendingWrite, TableRef } from './pending-write';
import { rowToRevision, timeText } from './journal-rows';
import { ReadSet } from './read-set';
import { statementRunner } from './statement-port';


const CATALOG_REF: TableRef = { name: CATALOG_TABLE_NAME, tableId: CATALOG_TABLE_ID };
/** The catalog as a read-only table; its documents are read like any other (and conflict-checked by scan). */
const CATALOG_ENTRY: CatalogEntry = {
  definition: { ...CATALOG_REF, status: 'ACTIVE', indexes: [] },
  version: -1,
  sequenceNo: -1,
};

/** Which committed revisions `history` returns. */
export interface HistoryFilter {
  documentId?: string;
  /** Earliest block time, inclusive. */
  from?: Date;
  /** Latest block time, inclusive. */
  to?: Date;
}

/** How a write is recorded in the block's statements. */
export interface WriteOptions {
  /**
   * Record the write under this statement (an index recordStatement returned) instead of a
   * statement of its own: PartiQL records each statement once, with every document it changed.
   * A function is called only once the write has been checked, so a refused write records nothing.
   */
  statement?: number | (() => number);
}

interface EncodedDocument {
  data: IonStructObject;
  ion: Uint8Array;
  dataHash: Uint8Array;
}

/** What a finished transaction hands to the committer. */
export interface TransactionCommit {
  transactionId: string;
  startedAt: number;
  statements: StatementInput[];
  writes: PendingWrite[];
  events: JournalEvent[];
  /** Further fields of the block's transactionInfo. */
  extras: IonStructObject;
  readSet: ReadSet;
  /** The catalog as this transaction left it, when it ran DDL. */
  catalog?: Catalog;
}

export class Transaction {
  /** The id the block will carry. */
  readonly transactionId = newJournalId();
  private readonly startedAt = Date.now();
  private readonly statements: StatementInput[] = [];
  private readonly writes = new Map<string, PendingWrite>();
  private readonly events: JournalEvent[] = [];
  private readonly extras: IonStructObject = {};
  private readonly readSet = new ReadSet();
  private readonly rowsRead = new Map<string, DocumentRow | undefined>();
  private catalog: Catalog;
  private catalogChanged = false;
  private userDocuments = 0;
  private bytes = 0;
  private closed = false;

  constructor(
    private readonly storage: SqlStorage,
    private readonly strandId: string,
    catalog: Catalog,
    private readonly limits: LedgerLimits,
  ) {
    this.catalog = catalog;
  }

  // --- tables and indexes ----------------------------------------------------------------------

  /** Creates a table; returns its id. */
  createTable(name: string, options?: WriteOptions): string {
    this.checkOpen();
    checkTableName(name);
    this.readCatalog();
    if (this.catalog.activeByName(name)) throw new InvalidArgumentError(`table ${JSON.stringify(name)} already exists`, name);
    const definition: TableDefinition = { name, tableId: newJournalId(), status: 'ACTIVE', indexes: [] };
    this.writeCatalog(undefined, definition, this.statementOf(options, `CREATE TABLE ${name}`));
    return definition.tableId;
  }

  /** Drops a table: it becomes inactive, and its history is kept. */
  dropTable(name: string, options?: WriteOptions): void {
    const entry = this.activeTable(name);
    this.writeCatalog(entry, { ...entry.definition, status: 'INACTIVE' }, this.statementOf(options, `DROP TABLE ${name}`));
  }

  /** Makes a dropped table active again. */
  undropTable(tableId: string, options?: WriteOptions): void {
    this.checkOpen();
    this.readCatalog();
    const entry = this.catalog.byTableId(tableId);
    if (!entry || entry.definition.status !== 'INACTIVE') throw new TableNotFoundError(tableId, 'no dropped table has that id');
    if (this.catalog.activeByName(entry.definition.name)) {
      throw new InvalidArgumentError(`an active table is already named ${JSON.stringify(entry.definition.name)}`, tableId);
    }
    this.writeCatalog(entry, { ...entry.definition, status: 'ACTIVE' }, this.statementOf(options, `UNDROP TABLE "${tableId}"`));
  }

  /**
   * Indexes a field of a table (existing documents included at commit): a top-level field by name,
   * or a nested one by its path (`['Owners', 'PrimaryOwner', 'PersonId']`). Returns the index id.
   */
  createIndex(table: string, field: string | readonly string[], options?: WriteOptions): string {
    const entry = this.activeTable(table);
    const path = checkIndexPath(field);
    const expr = indexExpression(path);
    if (entry.definition.indexes.some((i) => i.expr === expr)) {
      throw new InvalidArgumentError(`table ${table} already has an index on ${path.join('.')}`, field);
    }
    const statement = this.statementOf(options, `CREATE INDEX ON ${table} (${path.join('.')})`);
    const index = { indexId: newJournalId(), expr, status: 'ONLINE' as const };
    const definition = { ...entry.definition, indexes: [...entry.definition.indexes, index] };
    this.writeCatalog(entry, definition, statement);
    return index.indexId;
  }

  /** The definition of an active table (its id and indexes) as this transaction sees it. */
  tableDefinition(name: string): TableDefinition {
    return this.activeTable(name).definition;
  }

  /** Drops an index by id. */
  dropIndex(table: string, indexId: string, options?: WriteOptions): void {
    const entry = this.activeTable(table);
    if (!entry.definition.indexes.some((i) => i.indexId === indexId)) {
      throw new InvalidArgumentError(`table ${table} has no index ${JSON.stringify(indexId)}`, indexId);
    }
    const definition = { ...entry.definition, indexes: entry.definition.indexes.filter((i) => i.indexId !== indexId) };
    this.writeCatalog(entry, definition, this.statementOf(options, `DROP INDEX "${indexId}" ON ${table}`));
  }

  // --- statements, events and transaction metadata --------------------------------------------

  /**
   * Records a statement that changes no document by itself (a command, say), its parameters
   * digested into its statementDigest; returns its index in the block's statements.
   */
  recordStatement(statement: string, parameters: IonValue[] = []): number {
    this.checkOpen();
    if (typeof statement !== 'string' || statement.length === 0) throw new InvalidArgumentError('a statement must be a non-empty string', statement);
    for (const parameter of parameters) this.countBytes(toIon(parameter, 'binary').length);
    return this.addStatement(statement, parameters);
  }

  /** Adds events (Ion structs) to this transaction's block, as its events entry. */
  appendEvents(events: readonly JournalEvent[]): void {
    this.checkOpen();
    for (const event of events) {
      if (!isPlainObject(event)) throw new InvalidArgumentError('an event must be a plain object (an Ion struct)', event);
      this.countBytes(toIon(event, 'binary').length);
    }
    this.events.push(...events);
  }

  /** Adds fields to the block's transactionInfo (e.g. correlationId, causationId, actor). */
  annotate(fields: IonStructObject): void {
    this.checkOpen();
    if (!isPlainObject(fields)) throw new InvalidArgumentError('transaction annotations must be a plain object', fields);
    for (const name of Object.keys(fields)) {
      if (name === 'statements' || name === 'documents') throw new InvalidArgumentError(`transactionInfo.${name} is written by the ledger`, name);
    }
    this.countBytes(toIon(fields, 'binary').length);
    for (const [name, value] of Object.entries(fields)) setField(this.extras, name, value);
  }

  // --- documents -------------------------------------------------------------------------------

  /** Inserts a document; returns its new id. */
  insert(table: string, document: IonStructObject, options?: WriteOptions): string {
    const entry = this.activeTable(table);
    const documentId = newJournalId();
    const encoded = this.encodeDocument(document);
    const statement = this.statementOf(options, `INSERT INTO ${table} ?`, [document], [encoded.dataHash]);
    this.putWrite(entry.definition, documentId, 0, encoded, statement);
    return documentId;
  }

  /**
   * Inserts a document under an id the caller chose (an event-sourced aggregate's id, say): it must
   * be a journal id (22 base62 characters) that no document of the ledger has ever had.
   */
  async insertWithId(table: string, documentId: string, document: IonStructObject, options?: WriteOptions): Promise<void> {
    const entry = this.activeTable(table);
    if (!isJournalId(documentId)) throw new InvalidArgumentError(`document id ${JSON.stringify(documentId)} is not a journal id (22 base62 characters)`, documentId);
    const encoded = this.encodeDocument(document);
    if (this.writes.has(documentId) || (await this.committedRow(documentId))) {
      throw new InvalidArgumentError(`document id ${documentId} is already taken`, documentId);
    }
    const statement = this.statementOf(options, `INSERT INTO ${table} ?`, [document], [encoded.dataHash]);
    this.putWrite(entry.definition, documentId, 0, encoded, statement);
  }

  /** The document with `documentId` in `table`, or undefined. */
  async get(table: string, documentId: string): Promise<LedgerDocument | undefined> {
    const entry = this.activeTable(table);
    return this.currentDocument(entry.definition, documentId);
  }

  /** Replaces a document's data with `document`; throws DocumentNotFoundError when absent. */
  async update(table: string, documentId: string, document: IonStructObject, options?: WriteOptions): Promise<void> {
    const entry = this.activeTable(table);
    const encoded = this.encodeDocument(document);
    const current = await this.existingDocument(entry.definition, documentId);
    const statement = this.statementOf(options, `UPDATE ${table} AS d BY id SET d = ? WHERE id = ?`, [document, documentId], [
      encoded.dataHash,
      ionHash(documentId),
    ]);
    this.putWrite(entry.definition, documentId, this.nextVersion(documentId, current), encoded, statement);
  }

  /** Deletes a document; throws DocumentNotFoundError when absent. */
  async delete(table: string, documentId: string, options?: WriteOptions): Promise<void> {
    const entry = this.activeTable(table);
    const current = await this.existingDocument(entry.definition, documentId);
    const statement = this.statementOf(options, `DELETE FROM ${table} BY id WHERE id = ?`, [documentId]);
    this.putWrite(entry.definition, documentId, this.nextVersion(documentId, current), undefined, statement);
  }

  /** Documents whose fields equal every value in `criteria`; uses an index on one of them when there is one. */
  async find(table: string, criteria: IonStructObject): Promise<LedgerDocument[]> {
    const entry = this.activeTable(table);
    if (!isPlainObject(criteria) || Object.keys(criteria).length === 0) {
      throw new InvalidArgumentError('find criteria must be a struct of at least one field: value', criteria);
    }
    const wanted = Object.entries(criteria).map(([field, value]) => [field, ionHash(value as IonValue)] as const);
    const index = entry.definition.indexes.find((i) => isCriterion(topLevelField(i), criteria));
    const rows = index
      ? await this.readIndex(index.indexId, wanted.find(([field]) => field === topLevelField(index))![1])
      : await this.readTable(entry.definition.tableId);
    const matches = (data: IonStructObject) => wanted.every(([field, hash]) => field in data && Buffer.from(ionHash(data[field] as IonValue)).equals(hash));
    return this.mergeWithWrites(entry.definition, rows, matches);
  }

  /** Every document of the table. */
  async scan(table: string): Promise<LedgerDocument[]> {
    const entry = this.activeTable(table);
    return this.mergeWithWrites(entry.definition, await this.readTable(entry.definition.tableId), () => true);
  }

  /**
   * The committed revisions of a table in journal order (QLDB's `history()`): optionally of one
   * document, optionally within a block-time range (inclusive). This transaction's own writes are
   * not history yet.
   */
  async history(table: string, filter: HistoryFilter = {}): Promise<Revision[]> {
    const entry = this.activeTable(table);
    const tableId = entry.definition.tableId;
    const fromTime = filter.from && checkTime(filter.from, 'from');
    const toTime = filter.to && checkTime(filter.to, 'to');
    const [rows, seen] = await this.storage.read(
      async (query) =>
        [await selectHistory(query, tableId, { documentId: filter.documentId, fromTime, toTime }), await maxSequenceOfTable(query, tableId)] as const,
    );
    this.readSet.countQuery();
    this.readSet.table(tableId, seen);
    return rows.map((row) => this.toRevision(row));
  }

  /**
   * Documents whose value at `path` lies within `range`, read through the table's index on that
   * path. Values compare as PartiQL compares them: numbers of every type by value, timestamps by
   * the instant they name, strings and symbols by code point; a range stays within its bounds'
   * family. Equality is a range whose two bounds are the value, inclusive.
   */
  async findInRange(table: string, path: string | readonly string[], range: IndexRange): Promise<LedgerDocument[]> {
    const entry = this.activeTable(table);
    const fields = checkIndexPath(path);
    const expression = indexExpression(fields);
    const index = entry.definition.indexes.find((i) => i.expr === expression);
    if (!index) throw new InvalidArgumentError(`table ${table} has no index on ${fields.join('.')}`, path);
    const keys = orderKeyRange(range);
    const rows = await this.storage.read((query) => selectByIndexRange(query, index.indexId, keys));
    this.readSet.countQuery();
    this.readSet.indexRange(index.indexId, keys, maxSequence(rows));
    for (const row of rows) this.readSet.document(row.documentId, Number(row.sequenceNo));
    const inRange = (data: IonStructObject) => {
      const value = valueAtPath(data, fields);
      const key = value === undefined ? undefined : ionOrderKey(value);
      return key !== undefined && inOrderKeyRange(key, keys);
    };
    return this.mergeWithWrites(entry.definition, rows, inRange, true);
  }

  /**
   * Every document of the table, `pageSize` at a time, so a large table never sits in memory whole;
   * this transaction's own writes come last. A commit that changes the table during the reading
   * fails this transaction's commit with an OCC conflict.
   */
  async *scanPages(table: string, pageSize = 1000): AsyncGenerator<LedgerDocument[]> {
    const entry = this.activeTable(table);
    const tableId = entry.definition.tableId;
    if (!Number.isSafeInteger(pageSize) || pageSize < 1) throw new InvalidArgumentError('pageSize must be a positive integer', pageSize);
    let after: DocumentPosition | undefined;
    for (;;) {
      const rows = await this.readTablePage(tableId, after, pageSize);
      const documents = rows.filter((row) => row.data && !this.writes.has(row.documentId)).map(rowToDocument);
      if (documents.length) yield documents;
      if (rows.length < pageSize) break;
      const last = rows[rows.length - 1];
      after = { sequenceNo: Number(last.sequenceNo), documentId: last.documentId };
    }
    const pending = [...this.writes.values()].filter((w) => w.table.tableId === tableId && w.data).map(toDocument);
    if (pending.length) yield pending;
  }

  /**
   * QLDB's committed view of a table (`_ql_committed_<table>`): the latest committed revision of
   * each live document (or of one), with its blockAddress, hash and metadata. This transaction's
   * own writes are not committed yet, so they are not in it.
   */
  async committedRevisions(table: string, documentId?: string): Promise<Revision[]> {
    const entry = this.activeTable(table);
    const tableId = entry.definition.tableId;
    if (documentId !== undefined) {
      const row = await this.committedRow(documentId);
      if (!row || row.tableId !== tableId || !row.data) return [];
    }
    const rows = await this.storage.read((query) => selectCurrentRevisions(query, tableId, documentId), { singleStatement: true });
    this.readSet.countQuery();
    if (documentId === undefined) this.readSet.table(tableId, maxSequence(rows));
    return rows.filter((row) => row.data !== null).map((row) => this.toRevision(row));
  }

  // --- PartiQL --------------------------------------------------------------------------------------

  /** Runs one PartiQL statement, `parameters` taking the places of its `?`s; returns its values. */
  executeStatement(statement: string, ...parameters: IonValue[]): Promise<IonValue[]> {
    this.checkOpen();
    return statementRunner<Transaction>().execute(this, statement, parameters);
  }

  /** Runs one PartiQL statement, yielding its values as they are computed (a table is read a page at a time). */
  iterateStatement(statement: string, ...parameters: IonValue[]): AsyncGenerator<IonValue> {
    this.checkOpen();
    return statementRunner<Transaction>().iterate(this, statement, parameters, {});
  }

  /** Throws LimitExceededError once the transaction has run longer than limits.transactionMs (statements check it while they run). */
  checkTime(): void {
    const elapsed = Date.now() - this.startedAt;
    if (elapsed > this.limits.transactionMs) throw new LimitExceededError('transactionMs', this.limits.transactionMs, elapsed, 'ms');
  }

  /** What the committer needs; the transaction accepts no more calls. */
  finish(): TransactionCommit {
    this.checkOpen();
    this.closed = true;
    this.checkTime();
    return {
      transactionId: this.transactionId,
      startedAt: this.startedAt,
      statements: this.statements,
      writes: [...this.writes.values()],
      events: this.events,
      extras: this.extras,
      readSet: this.readSet,
      ...(this.catalogChanged ? { catalog: this.catalog } : {}),
    };
  }

  /** Ends the transaction without committing (user code threw). */
  abandon(): void {
    this.closed = true;
  }

  // --- internals -------------------------------------------------------------------------------

  private activeTable(name: string): CatalogEntry {
    this.checkOpen();
    if (typeof name !== 'string') throw new InvalidArgumentError(`table name must be a string, not ${typeof name}`, name);
    if (name === CATALOG_TABLE_NAME) return CATALOG_ENTRY;
    const entry = this.catalog.activeByName(name);
    if (!entry) {
      this.readCatalog();
      throw new TableNotFoundError(name);
    }
    if (entry.sequenceNo >= 0) this.readSet.catalogEntry(entry.definition.tableId, entry.sequenceNo);
    return entry;
  }

  private readCatalog(): void {
    this.readSet.catalog(this.catalog.newestSequenceNo());
  }

  private writeCatalog(previous: CatalogEntry | undefined, definition: TableDefinition, index: number): void {
    if (!this.catalogChanged) this.catalog = this.catalog.clone();
    this.catalogChanged = true;
    const pending = this.writes.get(definition.tableId);
    const version = pending ? pending.version : previous ? previous.version + 1 : 0;
    const data = definitionToDocument(definition);
    this.writes.set(definition.tableId, {
      table: CATALOG_REF,
      documentId: definition.tableId,
      version,
      data,
      ion: toIon(data, 'binary'),
      statements: withStatement(pending?.statements, index),
    });
    this.catalog.put({ definition, version: previous?.version ?? -1, sequenceNo: previous?.sequenceNo ?? -1 });
  }

  /** The statement a write is recorded under: the one `options` names, or a new one. */
  private statementOf(options: WriteOptions | undefined, statement: string, parameters: IonValue[] = [], parameterHashes?: Uint8Array[]): number {
    const chosen = typeof options?.statement === 'function' ? options.statement() : options?.statement;
    if (chosen === undefined) return this.addStatement(statement, parameters, parameterHashes);
    if (!Number.isSafeInteger(chosen) || chosen < 0 || chosen >= this.statements.length) {
      throw new InvalidArgumentError(`statement ${chosen} is not one of this transaction's statements (0..${this.statements.length - 1})`, chosen);
    }
    return chosen;
  }

  private addStatement(statement: string, parameters: IonValue[], parameterHashes?: Uint8Array[]): number {
    this.statements.push({ statement, parameters, ...(parameterHashes ? { parameterHashes } : {}), startTime: new Date() });
    return this.statements.length - 1;
  }

  private putWrite(table: TableDefinition, documentId: string, version: number, encoded: EncodedDocument | undefined, statement: number): void {
    if (table.tableId === CATALOG_TABLE_ID) {
      throw new InvalidArgumentError(`${CATALOG_TABLE_NAME} is written only by CREATE/DROP TABLE and INDEX`, table.name);
    }
    const previous = this.writes.get(documentId);
    if (!previous && ++this.userDocuments > this.limits.documentsPerTransaction) {
      throw new LimitExceededError('documentsPerTransaction', this.limits.documentsPerTransaction, this.userDocuments, 'documents');
    }
    const indexes = table.indexes;
    this.writes.set(documentId, {
      table: { name: table.name, tableId: table.tableId },
      documentId,
      version,
      ...encoded,
      ...(indexes.length ? { indexEntries: encoded ? indexEntries(indexes, documentId, encoded.data) : [] } : {}),
      statements: withStatement(previous?.statements, statement),
    });
  }

  /**
   * A document's Ion binary and hash, taken now: what commits is the document as it was when
   * handed in, whatever happens to the object afterwards. Checked against the limits.
   */
  private encodeDocument(document: IonStructObject): EncodedDocument {
    if (!isPlainObject(document)) throw new InvalidArgumentError('a document must be a plain object (an Ion struct)', document);
    const ion = toIon(document, 'binary');
    if (ion.length > this.limits.documentBytes) {
      throw new LimitExceededError('documentBytes', this.limits.documentBytes, ion.length, 'bytes');
    }
    this.countBytes(ion.length);
    return { data: document, ion, dataHash: ionHash(document) };
  }

  private countBytes(bytes: number): void {
    this.bytes += bytes;
    if (this.bytes > this.limits.transactionBytes) {
      throw new LimitExceededError('transactionBytes', this.limits.transactionBytes, this.bytes, 'bytes');
    }
  }

  /** The version the next write of a document gets: one past what was committed, once per transaction. */
  private nextVersion(documentId: string, current: { version: number }): number {
    return this.writes.get(documentId)?.version ?? current.version + 1;
  }

  private async currentDocument(table: TableDefinition, documentId: string): Promise<LedgerDocument | undefined> {
    const pending = this.writes.get(documentId);
    if (pending && pending.table.tableId === table.tableId) return pending.data && toDocument(pending);
    const row = await this.committedRow(documentId);
    return row && row.tableId === table.tableId && row.data ? rowToDocument(row) : undefined;
  }

  /**
   * The committed row of a document in any table (deleted ones included), recorded in the read set.
   * Read once per transaction: later reads see the row the commit will validate (repeatable reads).
   */
  private async committedRow(documentId: string): Promise<DocumentRow | undefined> {
    if (this.rowsRead.has(documentId)) return this.rowsRead.get(documentId);
    const [row] = await this.storage.read((query) => selectDocuments(query, [documentId]), { singleStatement: true });
    this.readSet.countQuery();
    this.readSet.document(documentId, row ? Number(row.sequenceNo) : null);
    this.rowsRead.set(documentId, row);
    return row;
  }

  private async existingDocument(table: TableDefinition, documentId: string): Promise<{ version: number }> {
    const pending = this.writes.get(documentId);
    if (pending && pending.table.tableId === table.tableId) {
      if (!pending.data) throw new DocumentNotFoundError(table.name, documentId);
      return { version: pending.version - 1 };
    }
    const current = await this.currentDocument(table, documentId);
    if (!current) throw new DocumentNotFoundError(table.name, documentId);
    return current;
  }

  private async readIndex(indexId: string, valueKey: Uint8Array): Promise<DocumentRow[]> {
    const rows = await this.storage.read((query) => selectByIndex(query, indexId, valueKey), { singleStatement: true });
    this.readSet.countQuery();
    this.readSet.indexKey(indexId, valueKey, maxSequence(rows));
    for (const row of rows) this.readSet.document(row.documentId, Number(row.sequenceNo));
    return rows;
  }

  /** One page of a table's rows; reading the first also records the scan, as of the table's newest change then. */
  private async readTablePage(tableId: string, after: DocumentPosition | undefined, pageSize: number): Promise<DocumentRow[]> {
    const [rows, seen] = await this.storage.read(
      async (query) => [await selectTableDocumentPage(query, tableId, after, pageSize), after ? -1 : await maxSequenceOfTable(query, tableId)] as const,
    );
    this.checkOpen();
    this.readSet.countQuery();
    if (!after) this.readSet.table(tableId, seen);
    return rows;
  }

  private toRevision(row: RevisionRow): Revision {
    return rowToRevision({ blockAddress: { strandId: this.strandId, sequenceNo: Number(row.sequenceNo) } }, row);
  }

  private async readTable(tableId: string): Promise<DocumentRow[]> {
    const rows = await this.storage.read((query) => selectTableDocuments(query, tableId));
    this.readSet.countQuery();
    this.readSet.table(tableId, maxSequence(rows));
    return rows;
  }

  /**
   * Committed rows overlaid with this transaction's writes, filtered (the rows too unless
   * `rowsMatch`: an index lookup already read only rows that match).
   */
  private mergeWithWrites(table: TableDefinition, rows: DocumentRow[], matches: (data: IonStructObject) => boolean, rowsMatch = false): LedgerDocument[] {
    const result: LedgerDocument[] = [];
    for (const row of rows) {
      if (this.writes.has(row.documentId) || !row.data) continue;
      const document = rowToDocument(row);
      if (rowsMatch || matches(document.data)) result.push(document);
    }
    for (const pending of this.writes.values()) {
      if (pending.table.tableId === table.tableId && pending.data && matches(pending.data)) result.push(toDocument(pending));
    }
    return result;
  }

  private checkOpen(): void {
    if (this.closed) throw new TransactionClosedError(this.transactionId);
  }
}

/** An index path from a field name or a list of them; each a non-empty name without brackets. */
function checkIndexPath(field: string | readonly string[]): string[] {
  const path = typeof field === 'string' ? [field] : Array.isArray(field) ? [...field] : [];
  if (path.length === 0 || !path.every((name) => typeof name === 'string' && name.length > 0 && !name.includes('[') && !name.includes(']'))) {
    throw new InvalidArgumentError(`index field ${JSON.stringify(field)} must be a field name or a path of them, without [ or ]`, field);
  }
  return path;
}

/** The field an index on a top-level field indexes; undefined for a nested path. */
function topLevelField(index: IndexDefinition): string | undefined {
  const path = indexedPath(index);
  return path.length === 1 ? path[0] : undefined;
}

function isCriterion(field: string | undefined, criteria: IonStructObject): field is string {
  return field !== undefined && field in criteria;
}

/** A document's statements with `statement` added (once: several writes may share one statement). */
function withStatement(statements: number[] = [], statement: number): number[] {
  return statements[statements.length - 1] === statement ? statements : [...statements, statement];
}

function checkTime(value: Date, name: string): string {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw new InvalidArgumentError(`history ${name} must be a valid Date`, value);
  return timeText(value);
}

function maxSequence(rows: ReadonlyArray<{ sequenceNo: number }>): number {
  return rows.reduce((max, row) => Math.max(max, Number(row.sequenceNo)), -1);
}

function rowToDocument(row: DocumentRow): LedgerDocument {
  return { documentId: row.documentId, version: Number(row.version), data: fromIon(row.data as Uint8Array) as IonStructObject };
}

function toDocument(pending: PendingWrite): LedgerDocument {
  return { documentId: pending.documentId, version: pending.version, data: fromIon(pending.ion as Uint8Array) as IonStructObject };
}
