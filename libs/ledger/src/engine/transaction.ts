// One ledger transaction as user code sees it inside `ledger.execute`: reads go to committed
// storage (recorded for the commit's conflict check) merged with the transaction's own buffered
// writes; writes are buffered and become one journal block at commit, with one statement each. The
// work is done by concern: the catalog as the transaction sees it (transaction-catalog.ts), its
// reads of committed storage (transaction-reads.ts), its buffered writes (transaction-writes.ts);
// statements run through the engine's statement port (statement-port.ts).
import { fromIon, ionHash, isPlainObject, type IonStructObject, type IonValue } from '../ion';
import { ionOrderKey } from '../ion/ion-order-key';
import { isJournalId, newJournalId, type BlockAddress, type JournalEvent, type Revision, type StatementInput } from '../journal';
import { inOrderKeyRange, indexExpression, valueAtPath, type DocumentPosition, type DocumentRow, type SqlStorage } from '../storage';
import { checkTableName, indexedPath, type Catalog, type CatalogEntry, type IndexDefinition, type TableDefinition } from './catalog';
import { DocumentNotFoundError, InvalidArgumentError, LimitExceededError, RedactionRefusedError, TransactionClosedError } from './errors';
import { orderKeyRange, type IndexRange } from './index-range';
import { timeText } from './journal-rows';
import type { LedgerLimits } from './ledger-options';
import type { LedgerDocument, PendingWrite } from './pending-write';
import { attachedWrites, type AttachedWrite } from './attached-writes';
import { ReadSet } from './read-set';
import { checkEventRedactionTarget, eventRedactionParameters, eventRedactionRequest, eventTable, REDACT_EVENT_STATEMENT, storedEvent, type RedactedEventInfo } from './event-redaction';
import { checkRedactionTarget, REDACT_REVISION_STATEMENT, redactionParameters, redactionRequest, type RedactedRevisionInfo, type RedactionTarget } from './redaction';
import { statementRunner } from './statement-port';
import { checkIndexPath, TransactionCatalog } from './transaction-catalog';
import { rowToDocument, TransactionReads } from './transaction-reads';
import { TransactionWrites, type WriteOptions } from './transaction-writes';
import { isGrantsChange } from './access/grants-table';
import { EVERY, type AccessAction, type TableAction } from './access/ledger-actions';
import type { TransactionAuthority } from './access/transaction-authority';

export type { WriteOptions } from './transaction-writes';

/** Which committed revisions `history` returns. */
export interface HistoryFilter {
  documentId?: string;
  /** Earliest block time, inclusive. */
  from?: Date;
  /** Latest block time, inclusive. */
  to?: Date;
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
  /** The revision this transaction redacts (its block then carries nothing else). */
  redaction?: RedactedRevisionInfo;
  /** The event whose payload this transaction redacts (its block then carries nothing else). */
  eventRedaction?: RedactedEventInfo;
  /** Rows beside the journal written with the block (attached-writes.ts). */
  attached: AttachedWrite[];
}

export class Transaction {
  /** The id the block will carry. */
  readonly transactionId = newJournalId();
  private readonly startedAt = Date.now();
  private readonly readSet = new ReadSet();
  private readonly catalog: TransactionCatalog;
  private readonly reads: TransactionReads;
  private readonly writes: TransactionWrites;
  private closed = false;
  private redaction: RedactedRevisionInfo | undefined;
  private eventRedaction: RedactedEventInfo | undefined;

  constructor(
    private readonly storage: SqlStorage,
    private readonly strandId: string,
    catalog: Catalog,
    private readonly limits: LedgerLimits,
    /** Who runs it and what it may do; undefined: no principal and no access control. */
    private readonly authority?: TransactionAuthority,
  ) {
    this.catalog = new TransactionCatalog(catalog, this.readSet);
    this.reads = new TransactionReads(storage, strandId, this.readSet);
    this.writes = new TransactionWrites(limits);
    const grants = authority?.grantsRead;
    if (grants) this.readSet.table(grants.tableId, grants.seen);
  }

  /** The principal the transaction runs as (recorded in its block), or undefined. */
  get principal(): string | null | undefined {
    return this.authority?.principal;
  }

  /**
   * Throws AccessDeniedError unless this transaction's principal may do `action` on `on` (a table,
   * a command; omitted for the ledger's own actions). Without access control it allows everything.
   */
  authorize(action: AccessAction, on?: string): void {
    this.checkOpen();
    this.authority?.authorize(action, on);
  }

  // --- tables and indexes ----------------------------------------------------------------------

  /** Creates a table; returns its id. */
  createTable(name: string, options?: WriteOptions): string {
    this.checkOpen();
    checkTableName(name);
    this.authorizeTable('createTable', name);
    if (this.catalog.hasActive(name)) throw new InvalidArgumentError(`table ${JSON.stringify(name)} already exists`, name);
    const definition: TableDefinition = { name, tableId: newJournalId(), status: 'ACTIVE', indexes: [] };
    this.writeDefinition(undefined, definition, this.writes.statementOf(options, `CREATE TABLE ${name}`));
    return definition.tableId;
  }

  /** Drops a table: it becomes inactive, and its history is kept. */
  dropTable(name: string, options?: WriteOptions): void {
    const entry = this.activeTable(name, 'dropTable');
    this.writeDefinition(entry, { ...entry.definition, status: 'INACTIVE' }, this.writes.statementOf(options, `DROP TABLE ${name}`));
  }

  /** Makes a dropped table active again. */
  undropTable(tableId: string, options?: WriteOptions): void {
    this.checkOpen();
    const entry = this.catalog.dropped(tableId);
    this.authorizeTable('undropTable', entry.definition.name);
    if (this.catalog.hasActive(entry.definition.name)) {
      throw new InvalidArgumentError(`an active table is already named ${JSON.stringify(entry.definition.name)}`, tableId);
    }
    this.writeDefinition(entry, { ...entry.definition, status: 'ACTIVE' }, this.writes.statementOf(options, `UNDROP TABLE "${tableId}"`));
  }

  /**
   * Indexes a field of a table (existing documents included at commit): a top-level field by name,
   * or a nested one by its path (`['Owners', 'PrimaryOwner', 'PersonId']`). Returns the index id.
   */
  createIndex(table: string, field: string | readonly string[], options?: WriteOptions): string {
    const entry = this.activeTable(table, 'createIndex');
    const path = checkIndexPath(field);
    const expr = indexExpression(path);
    if (entry.definition.indexes.some((i) => i.expr === expr)) {
      throw new InvalidArgumentError(`table ${table} already has an index on ${path.join('.')}`, field);
    }
    const statement = this.writes.statementOf(options, `CREATE INDEX ON ${table} (${path.join('.')})`);
    const index = { indexId: newJournalId(), expr, status: 'ONLINE' as const };
    const definition = { ...entry.definition, indexes: [...entry.definition.indexes, index] };
    this.writeDefinition(entry, definition, statement);
    return index.indexId;
  }

  /** The definition of an active table (its id and indexes) as this transaction sees it. */
  tableDefinition(name: string): TableDefinition {
    this.checkOpen();
    return this.catalog.active(name).definition;
  }

  /** Drops an index by id. */
  dropIndex(table: string, indexId: string, options?: WriteOptions): void {
    const entry = this.activeTable(table, 'dropIndex');
    if (!entry.definition.indexes.some((i) => i.indexId === indexId)) {
      throw new InvalidArgumentError(`table ${table} has no index ${JSON.stringify(indexId)}`, indexId);
    }
    const definition = { ...entry.definition, indexes: entry.definition.indexes.filter((i) => i.indexId !== indexId) };
    this.writeDefinition(entry, definition, this.writes.statementOf(options, `DROP INDEX "${indexId}" ON ${table}`));
  }

  // --- statements, events and transaction metadata --------------------------------------------

  /**
   * Records a statement that changes no document by itself (a command, say), its parameters
   * digested into its statementDigest; returns its index in the block's statements.
   */
  recordStatement(statement: string, parameters: IonValue[] = []): number {
    this.checkOpen();
    return this.writes.recordStatement(statement, parameters);
  }

  /** Adds events (Ion structs) to this transaction's block, as its events entry. */
  appendEvents(events: readonly JournalEvent[]): void {
    this.checkOpen();
    this.authority?.authorizeEvents();
    this.writes.appendEvents(events);
  }

  /** Adds fields to the block's transactionInfo (e.g. correlationId, causationId, actor). */
  annotate(fields: IonStructObject): void {
    this.checkOpen();
    if (this.authority && isPlainObject(fields) && 'principal' in fields) throw new InvalidArgumentError('transactionInfo.principal is written by the ledger', 'principal');
    this.writes.annotate(fields);
  }

  /**
   * QLDB's REDACT_REVISION: the revision of `documentId` in table `tableId` at `blockAddress` (not
   * the document's latest) loses its data for its data's hash when this transaction commits; its
   * block records the request and nothing else. Returns what QLDB's procedure returns. Refused with
   * RedactionRefusedError by QLDB's rules (docs/governance.md), with InvalidArgumentError for
   * arguments of the wrong form.
   */
  async redactRevision(blockAddress: BlockAddress, tableId: string, documentId: string, options?: WriteOptions): Promise<RedactedRevisionInfo> {
    this.checkOpen();
    const target: RedactionTarget = checkRedactionTarget(blockAddress, tableId, documentId);
    this.authorizeTable('redact', this.catalog.byTableId(tableId)?.definition.name ?? tableId);
    if (this.redaction || this.eventRedaction) throw new RedactionRefusedError('a transaction redacts one revision (as in QLDB); run another transaction for the next', documentId);
    const { info } = await this.storage.read((query) => redactionRequest(query, this.strandId, (id) => this.catalog.byTableId(id), target));
    this.checkOpen();
    this.writes.statementOf(options, REDACT_REVISION_STATEMENT, redactionParameters(target));
    this.redaction = info;
    return { ...info, blockAddress: { ...info.blockAddress } };
  }

  /**
   * Redacts the payload of the event at `eventIndex` of block `blockAddress` when this transaction
   * commits: the event keeps every other field and its payload is replaced by the payload field's
   * digest, so every hash and proof stays valid; its block records the request and nothing else.
   * Checked: `redact` on the event's aggregate table (on every table for an event naming none).
   * Refused with RedactionRefusedError (no such event, no payload, already redacted, a second
   * redaction in the transaction), InvalidArgumentError for arguments of the wrong form.
   */
  async redactEvent(blockAddress: BlockAddress, eventIndex: number, options?: WriteOptions): Promise<RedactedEventInfo> {
    this.checkOpen();
    const target = checkEventRedactionTarget(blockAddress, eventIndex);
    if (this.redaction || this.eventRedaction) throw new RedactionRefusedError('a transaction redacts one event; run another transaction for the next', eventIndex, 'the event');
    const stored = await this.storage.read((query) => storedEvent(query, this.strandId, target));
    this.checkOpen();
    this.authorizeTable('redact', eventTable(stored.event) ?? EVERY);
    const { info } = eventRedactionRequest(stored);
    this.writes.statementOf(options, REDACT_EVENT_STATEMENT, eventRedactionParameters(info));
    this.eventRedaction = info;
    return { ...info, blockAddress: { ...info.blockAddress } };
  }

  // --- documents -------------------------------------------------------------------------------

  /** Inserts a document; returns its new id. */
  insert(table: string, document: IonStructObject, options?: WriteOptions): string {
    const entry = this.activeTable(table, 'insert');
    const documentId = newJournalId();
    const encoded = this.writes.encodeDocument(document);
    const statement = this.writes.statementOf(options, `INSERT INTO ${table} ?`, [encoded.data], [encoded.dataHash]);
    this.writes.putDocument(entry.definition, documentId, 0, encoded, statement);
    return documentId;
  }

  /**
   * Inserts a document under an id the caller chose (an event-sourced aggregate's id, say): it must
   * be a journal id (22 base62 characters) that no document of the ledger has ever had.
   */
  async insertWithId(table: string, documentId: string, document: IonStructObject, options?: WriteOptions): Promise<void> {
    const entry = this.activeTable(table, 'insert');
    if (!isJournalId(documentId)) throw new InvalidArgumentError(`document id ${JSON.stringify(documentId)} is not a journal id (22 base62 characters)`, documentId);
    const encoded = this.writes.encodeDocument(document);
    if (this.writes.pending(documentId) || (await this.reads.committedRow(documentId))) {
      throw new InvalidArgumentError(`document id ${documentId} is already taken`, documentId);
    }
    const statement = this.writes.statementOf(options, `INSERT INTO ${table} ?`, [encoded.data], [encoded.dataHash]);
    this.writes.putDocument(entry.definition, documentId, 0, encoded, statement);
  }

  /** The document with `documentId` in `table`, or undefined. */
  async get(table: string, documentId: string): Promise<LedgerDocument | undefined> {
    const entry = this.activeTable(table, 'select');
    return this.currentDocument(entry.definition, documentId);
  }

  /** Replaces a document's data with `document`; throws DocumentNotFoundError when absent. */
  async update(table: string, documentId: string, document: IonStructObject, options?: WriteOptions): Promise<void> {
    const entry = this.activeTable(table, 'update');
    const encoded = this.writes.encodeDocument(document);
    const current = await this.existingDocument(entry.definition, documentId);
    const statement = this.writes.statementOf(options, `UPDATE ${table} AS d BY id SET d = ? WHERE id = ?`, [encoded.data, documentId], () => [
      encoded.dataHash,
      ionHash(documentId),
    ]);
    this.writes.putDocument(entry.definition, documentId, this.writes.nextVersion(documentId, current), encoded, statement);
  }

  /** Deletes a document; throws DocumentNotFoundError when absent. */
  async delete(table: string, documentId: string, options?: WriteOptions): Promise<void> {
    const entry = this.activeTable(table, 'delete');
    const current = await this.existingDocument(entry.definition, documentId);
    const statement = this.writes.statementOf(options, `DELETE FROM ${table} BY id WHERE id = ?`, [documentId]);
    this.writes.putDocument(entry.definition, documentId, this.writes.nextVersion(documentId, current), undefined, statement);
  }

  /** Documents whose fields equal every value in `criteria`; uses an index on one of them when there is one. */
  async find(table: string, criteria: IonStructObject): Promise<LedgerDocument[]> {
    const entry = this.activeTable(table, 'select');
    if (!isPlainObject(criteria) || Object.keys(criteria).length === 0) {
      throw new InvalidArgumentError('find criteria must be a struct of at least one field: value', criteria);
    }
    const wanted = Object.entries(criteria).map(([field, value]) => [field, ionHash(value as IonValue)] as const);
    const index = entry.definition.indexes.find((i) => isCriterion(topLevelField(i), criteria));
    const rows = index
      ? await this.reads.byIndexKey(index.indexId, wanted.find(([field]) => field === topLevelField(index))![1])
      : await this.reads.table(entry.definition.tableId);
    const matches = (data: IonStructObject) => wanted.every(([field, hash]) => field in data && Buffer.from(ionHash(data[field] as IonValue)).equals(hash));
    return this.mergeWithWrites(entry.definition, rows, matches);
  }

  /** Every document of the table. */
  async scan(table: string): Promise<LedgerDocument[]> {
    const entry = this.activeTable(table, 'select');
    return this.mergeWithWrites(entry.definition, await this.reads.table(entry.definition.tableId), () => true);
  }

  /**
   * The committed revisions of a table in journal order (QLDB's `history()`): optionally of one
   * document, optionally within a block-time range (inclusive). This transaction's own writes are
   * not history yet.
   */
  async history(table: string, filter: HistoryFilter = {}): Promise<Revision[]> {
    const entry = this.activeTable(table, 'history');
    const fromTime = filter.from && checkTime(filter.from, 'from');
    const toTime = filter.to && checkTime(filter.to, 'to');
    return this.reads.history(entry.definition.tableId, { documentId: filter.documentId, fromTime, toTime });
  }

  /**
   * Documents whose value at `path` lies within `range`, read through the table's index on that
   * path. Values compare as PartiQL compares them: numbers of every type by value, timestamps by
   * the instant they name, strings and symbols by code point; a range stays within its bounds'
   * family. Equality is a range whose two bounds are the value, inclusive.
   */
  async findInRange(table: string, path: string | readonly string[], range: IndexRange): Promise<LedgerDocument[]> {
    const entry = this.activeTable(table, 'select');
    const fields = checkIndexPath(path);
    const expression = indexExpression(fields);
    const index = entry.definition.indexes.find((i) => i.expr === expression);
    if (!index) throw new InvalidArgumentError(`table ${table} has no index on ${fields.join('.')}`, path);
    const keys = orderKeyRange(range);
    const rows = await this.reads.byIndexRange(index.indexId, keys);
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
    const entry = this.activeTable(table, 'select');
    const tableId = entry.definition.tableId;
    if (!Number.isSafeInteger(pageSize) || pageSize < 1) throw new InvalidArgumentError('pageSize must be a positive integer', pageSize);
    let after: DocumentPosition | undefined;
    for (;;) {
      const rows = await this.reads.tablePage(tableId, after, pageSize);
      this.checkOpen();
      const documents = rows.filter((row) => row.data && !this.writes.pending(row.documentId)).map(rowToDocument);
      if (documents.length) yield documents;
      if (rows.length < pageSize) break;
      const last = rows[rows.length - 1];
      after = { sequenceNo: Number(last.sequenceNo), documentId: last.documentId };
    }
    const pending = this.writes.all().filter((w) => w.table.tableId === tableId && w.data).map(toDocument);
    if (pending.length) yield pending;
  }

  /**
   * QLDB's committed view of a table (`_ql_committed_<table>`): the latest committed revision of
   * each live document (or of one), with its blockAddress, hash and metadata. This transaction's
   * own writes are not committed yet, so they are not in it.
   */
  async committedRevisions(table: string, documentId?: string): Promise<Revision[]> {
    const entry = this.activeTable(table, 'select');
    const tableId = entry.definition.tableId;
    if (documentId !== undefined) {
      const row = await this.reads.committedRow(documentId);
      if (!row || row.tableId !== tableId || !row.data) return [];
    }
    return this.reads.committedRevisions(tableId, documentId);
  }

  // --- PartiQL --------------------------------------------------------------------------------------

  /**
   * Runs one PartiQL statement, `parameters` taking the places of its `?`s; returns its values
   * (`T`: the shape the caller asserts they have, not checked).
   */
  executeStatement<T = IonValue>(statement: string, ...parameters: IonValue[]): Promise<T[]> {
    this.checkOpen();
    return statementRunner<Transaction>().execute(this, statement, parameters) as Promise<T[]>;
  }

  /** Runs one PartiQL statement, yielding its values as they are computed (a table is read a page at a time). */
  iterateStatement<T = IonValue>(statement: string, ...parameters: IonValue[]): AsyncGenerator<T> {
    this.checkOpen();
    return statementRunner<Transaction>().iterate(this, statement, parameters, {}) as AsyncGenerator<T>;
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
    const catalog = this.catalog.changedCatalog();
    if ((this.redaction || this.eventRedaction) && (this.writes.all().length || this.writes.events.length)) {
      const subject = this.redaction ? 'the revision' : 'the event';
      throw new RedactionRefusedError('a redaction is committed as a block of its own; write documents and events in another transaction', this.redaction?.documentId ?? this.eventRedaction?.eventIndex, subject);
    }
    return {
      transactionId: this.transactionId,
      startedAt: this.startedAt,
      statements: this.writes.statements,
      writes: this.writes.all(),
      events: this.writes.events,
      extras: this.authority?.principal ? { principal: this.authority.principal, ...this.writes.extras } : this.writes.extras,
      readSet: this.readSet,
      ...(catalog ? { catalog } : {}),
      ...(this.redaction ? { redaction: this.redaction } : {}),
      ...(this.eventRedaction ? { eventRedaction: this.eventRedaction } : {}),
      attached: attachedWrites(this),
    };
  }

  /** Ends the transaction without committing (user code threw). */
  abandon(): void {
    this.closed = true;
  }

  // --- internals -------------------------------------------------------------------------------

  /** The active table `name`, once this transaction's principal is found allowed to do `action` on it. */
  private activeTable(name: string, action: TableAction): CatalogEntry {
    this.checkOpen();
    this.authorizeTable(action, name);
    return this.catalog.active(name);
  }

  /** Throws AccessDeniedError unless the principal may do `action` on `table`; the grants' table changes only through ledger.access. */
  private authorizeTable(action: TableAction, table: string): void {
    if (!isGrantsChange(this, action, table)) this.authority?.authorize(action, table);
  }

  /** A table's new definition, in this transaction's catalog and as its catalog document. */
  private writeDefinition(previous: CatalogEntry | undefined, definition: TableDefinition, statement: number): void {
    this.writes.putDefinition(definition, previous?.version ?? -1, statement);
    this.catalog.put(previous, definition);
  }

  private async currentDocument(table: TableDefinition, documentId: string): Promise<LedgerDocument | undefined> {
    const pending = this.writes.pending(documentId);
    if (pending && pending.table.tableId === table.tableId) return pending.data && toDocument(pending);
    const row = await this.reads.committedRow(documentId);
    return row && row.tableId === table.tableId && row.data ? rowToDocument(row) : undefined;
  }

  private async existingDocument(table: TableDefinition, documentId: string): Promise<{ version: number }> {
    const pending = this.writes.pending(documentId);
    if (pending && pending.table.tableId === table.tableId) {
      if (!pending.data) throw new DocumentNotFoundError(table.name, documentId);
      return { version: pending.version - 1 };
    }
    // the version alone: decoding the committed document again would cost an update as much as a read
    const row = await this.reads.committedRow(documentId);
    if (!row || row.tableId !== table.tableId || !row.data) throw new DocumentNotFoundError(table.name, documentId);
    return { version: Number(row.version) };
  }

  /**
   * Committed rows overlaid with this transaction's writes, filtered (the rows too unless
   * `rowsMatch`: an index lookup already read only rows that match).
   */
  private mergeWithWrites(table: TableDefinition, rows: DocumentRow[], matches: (data: IonStructObject) => boolean, rowsMatch = false): LedgerDocument[] {
    const result: LedgerDocument[] = [];
    for (const row of rows) {
      if (this.writes.pending(row.documentId) || !row.data) continue;
      const document = rowToDocument(row);
      if (rowsMatch || matches(document.data)) result.push(document);
    }
    for (const pending of this.writes.all()) {
      if (pending.table.tableId === table.tableId && pending.data && matches(pending.data)) result.push(toDocument(pending));
    }
    return result;
  }

  private checkOpen(): void {
    if (this.closed) throw new TransactionClosedError(this.transactionId);
  }
}

/** The field an index on a top-level field indexes; undefined for a nested path. */
function topLevelField(index: IndexDefinition): string | undefined {
  const path = indexedPath(index);
  return path.length === 1 ? path[0] : undefined;
}

function isCriterion(field: string | undefined, criteria: IonStructObject): field is string {
  return field !== undefined && field in criteria;
}

function checkTime(value: Date, name: string): string {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw new InvalidArgumentError(`history ${name} must be a valid Date`, value);
  return timeText(value);
}

function toDocument(pending: PendingWrite): LedgerDocument {
  return { documentId: pending.documentId, version: pending.version, data: fromIon(pending.ion as Uint8Array) as IonStructObject };
}
