// A transaction's buffered writes: the block's statements, each document's pending change (its Ion
// binary, hash and index entries taken when handed in), the events and the transactionInfo fields
// it adds, with the limits on documents and bytes checked as they come.
import { ionHash, isPlainObject, toIon, toIonValue, type IonStructObject, type IonValue } from '../ion';
import { setField } from '../ion/ion-struct-builder';
import { carriesRedactionMarker, REDACTED_ANNOTATION, type JournalEvent, type StatementInput } from '../journal';
import { CATALOG_TABLE_ID, CATALOG_TABLE_NAME, definitionToDocument, indexEntries, type TableDefinition } from './catalog';
import { InvalidArgumentError, LimitExceededError } from './errors';
import { DATA_KEY_FIELD } from './field-encryption';
import type { LedgerLimits } from './ledger-options';
import type { PendingWrite, TableRef } from './pending-write';

/** How a write is recorded in the block's statements. */
export interface WriteOptions {
  /**
   * Record the write under this statement (an index recordStatement returned) instead of a
   * statement of its own: PartiQL records each statement once, with every document it changed.
   * A function is called only once the write has been checked, so a refused write records nothing.
   */
  statement?: number | (() => number);
}

export interface EncodedDocument {
  data: IonStructObject;
  ion: Uint8Array;
  dataHash: Uint8Array;
}

/** transactionInfo fields only the ledger writes: its statements, its documents, and the data keys' records (subject-keys.ts). */
const LEDGER_FIELDS = ['statements', 'documents', DATA_KEY_FIELD];

const CATALOG_REF: TableRef = { name: CATALOG_TABLE_NAME, tableId: CATALOG_TABLE_ID };

export class TransactionWrites {
  readonly statements: StatementInput[] = [];
  readonly events: JournalEvent[] = [];
  readonly extras: IonStructObject = {};
  private readonly writes = new Map<string, PendingWrite>();
  private userDocuments = 0;
  private bytes = 0;

  constructor(private readonly limits: LedgerLimits) {}

  /** The pending change of a document, if this transaction wrote it. */
  pending(documentId: string): PendingWrite | undefined {
    return this.writes.get(documentId);
  }

  /** Every pending change, in the order first written. */
  all(): PendingWrite[] {
    return [...this.writes.values()];
  }

  /** A statement that changes no document by itself, its parameters counted in the transaction's bytes. */
  recordStatement(statement: string, parameters: IonValue[]): number {
    if (typeof statement !== 'string' || statement.length === 0) throw new InvalidArgumentError('a statement must be a non-empty string', statement);
    const values = parameters.map(toIonValue);
    for (const parameter of values) this.countBytes(toIon(parameter, 'binary').length);
    return this.addStatement(statement, values);
  }

  appendEvents(events: readonly JournalEvent[]): void {
    const values = events.map(toIonValue);
    values.forEach((event, i) => {
      if (!isPlainObject(event)) throw new InvalidArgumentError('an event must be a plain object (an Ion struct)', events[i]);
      if (carriesRedactionMarker(event)) {
        throw new InvalidArgumentError(`an event field carries the annotation ${REDACTED_ANNOTATION}, which marks a redacted payload and is reserved`, events[i]);
      }
      this.countBytes(toIon(event, 'binary').length);
    });
    for (const event of values as JournalEvent[]) this.events.push(event); // a loop: spread into push, many events overflow the stack
  }

  annotate(fields: IonStructObject): void {
    const values = toIonValue(fields);
    if (!isPlainObject(values)) throw new InvalidArgumentError('transaction annotations must be a plain object', fields);
    for (const name of Object.keys(values)) {
      if (LEDGER_FIELDS.includes(name)) throw new InvalidArgumentError(`transactionInfo.${name} is written by the ledger`, name);
    }
    this.countBytes(toIon(values, 'binary').length);
    for (const [name, value] of Object.entries(values)) setField(this.extras, name, value);
  }

  /**
   * The statement a write is recorded under: the one `options` names, or a new one. The parameters'
   * hashes, when the caller has them, may come as a function called only for a new statement.
   */
  statementOf(options: WriteOptions | undefined, statement: string, parameters: IonValue[] = [], parameterHashes?: Uint8Array[] | (() => Uint8Array[])): number {
    const chosen = typeof options?.statement === 'function' ? options.statement() : options?.statement;
    if (chosen === undefined) return this.addStatement(statement, parameters, typeof parameterHashes === 'function' ? parameterHashes() : parameterHashes);
    if (!Number.isSafeInteger(chosen) || chosen < 0 || chosen >= this.statements.length) {
      throw new InvalidArgumentError(`statement ${chosen} is not one of this transaction's statements (0..${this.statements.length - 1})`, chosen);
    }
    return chosen;
  }

  /** A document's change (`encoded` undefined: deleted) under `statement`. */
  putDocument(table: TableDefinition, documentId: string, version: number, encoded: EncodedDocument | undefined, statement: number): void {
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

  /** A table's new definition as its catalog document, `committedVersion` the version of the one it replaces (-1: none). */
  putDefinition(definition: TableDefinition, committedVersion: number, statement: number): void {
    const pending = this.writes.get(definition.tableId);
    const version = pending ? pending.version : committedVersion + 1;
    const data = definitionToDocument(definition);
    this.writes.set(definition.tableId, {
      table: CATALOG_REF,
      documentId: definition.tableId,
      version,
      data,
      ion: toIon(data, 'binary'),
      statements: withStatement(pending?.statements, statement),
    });
  }

  /**
   * A document's Ion binary and hash, taken now: what commits is the document as it was when
   * handed in, whatever happens to the object afterwards. Checked against the limits.
   */
  encodeDocument(document: IonStructObject): EncodedDocument {
    const data = toIonValue(document);
    if (!isPlainObject(data)) throw new InvalidArgumentError('a document must be a plain object (an Ion struct)', document);
    const ion = toIon(data, 'binary');
    if (ion.length > this.limits.documentBytes) {
      throw new LimitExceededError('documentBytes', this.limits.documentBytes, ion.length, 'bytes');
    }
    this.countBytes(ion.length);
    return { data, ion, dataHash: ionHash(data) };
  }

  /** The version the next write of a document gets: one past what was committed, once per transaction. */
  nextVersion(documentId: string, current: { version: number }): number {
    return this.writes.get(documentId)?.version ?? current.version + 1;
  }

  private addStatement(statement: string, parameters: IonValue[], parameterHashes?: Uint8Array[]): number {
    this.statements.push({ statement, parameters, ...(parameterHashes ? { parameterHashes } : {}), startTime: new Date() });
    return this.statements.length - 1;
  }

  private countBytes(bytes: number): void {
    this.bytes += bytes;
    if (this.bytes > this.limits.transactionBytes) {
      throw new LimitExceededError('transactionBytes', this.limits.transactionBytes, this.bytes, 'bytes');
    }
  }
}

/** A document's statements with `statement` added (once: several writes may share one statement). */
function withStatement(statements: number[] = [], statement: number): number[] {
  return statements[statements.length - 1] === statement ? statements : [...statements, statement];
}
