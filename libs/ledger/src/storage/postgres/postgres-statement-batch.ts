// Several statements with parameters sent to PostgreSQL in one round trip: each statement's Parse,
// Bind and Execute messages one after the other, and a single Sync after the last (the extended
// query protocol's pipelining). The server runs them in order and stops at the first that fails,
// skipping the rest up to the Sync; so a COMMIT placed last runs only when every statement before
// it succeeded. A named statement (whose text never changes) is parsed, and so planned, once per
// connection and bound by its name after that. The rows of the last statement come back, parsed by pg's own row parser with the
// connection's type parsers. pg runs such a batch as a custom query (its Submittable interface).
import type { Connection, Submittable } from 'pg';
import { ColumnArray } from '../column-array';
import { numberedPlaceholders } from '../numbered-placeholders';
import { binaryArray } from './postgres-binary-array';
import type { SqlStatement } from '../sql-storage';

/** pg's row parser (what its own queries use); the client gives it the connection's type parsers. */
interface PgResult {
  rows: Record<string, unknown>[];
  addFields(fields: unknown[]): void;
  parseRow(fields: unknown[]): Record<string, unknown>;
  addRow(row: Record<string, unknown>): void;
}
/** pg's row parser class, required once (a require per batch costs a module lookup each time). */
let PgResultClass: (new () => PgResult) | undefined;

/** A new pg row parser; pg (an optional peer dependency) is loaded on first use, never by SQLite-only applications. */
function newPgResult(): PgResult {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  PgResultClass ??= require('pg/lib/result') as new () => PgResult;
  return new PgResultClass();
}

/** How far a batch got: the statements that completed, and the error that stopped it. */
export interface StatementBatchFailure {
  completed: number;
  error: Error;
}

/** Parameters as pg's Bind message takes them: NULL, bytes (column arrays in binary form), or text (numbers as their decimal text). */
function bindValue(value: unknown): Buffer | string | null {
  if (value === null || value === undefined) return null;
  if (Buffer.isBuffer(value)) return value;
  if (value instanceof ColumnArray) return binaryArray(value);
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  return String(value);
}

/**
 * The statements parsed under a name on this connection, kept where pg keeps those of its own
 * named queries. A batch that fails closes its connection, so a name recorded by a batch whose
 * Parse the server refused is never used again.
 */
function parsedStatements(connection: Connection): Record<string, string> {
  return (connection as unknown as { parsedStatements: Record<string, string> }).parsedStatements;
}

export class PostgresStatementBatch implements Submittable {
  /** Settles once the server answered the whole batch: with nothing, or with how far it got. */
  readonly done: Promise<StatementBatchFailure | undefined>;
  /** Read by pg's client, which sets its type parsers on it. */
  readonly _result = newPgResult();
  private settle: (failure: StatementBatchFailure | undefined) => void = () => undefined;
  private completed = 0;

  constructor(private readonly statements: readonly SqlStatement[]) {
    this.done = new Promise((resolve) => (this.settle = resolve));
  }

  /** The rows the last statement returned, once done. */
  get rows(): Record<string, unknown>[] {
    return this._result.rows;
  }

  /** Writes every message, then Sync, to the socket in one go. */
  submit(connection: Connection): void {
    connection.stream.cork();
    this.statements.forEach(({ sql, parameters, name = '' }, i) => {
      if (name === '' || parsedStatements(connection)[name] === undefined) {
        const text = numberedPlaceholders(sql);
        connection.parse({ text, name, types: [] }, true);
        if (name !== '') parsedStatements(connection)[name] = text;
      }
      connection.bind({ statement: name, values: parameters.map(bindValue) }, true);
      if (i === this.statements.length - 1) connection.describe({ type: 'P', name: '' }, true);
      connection.execute({}, true);
    });
    connection.sync();
    connection.stream.uncork();
  }

  handleCommandComplete(): void {
    this.completed++;
  }

  /** A statement failed (the server skips the rest) or the connection was lost. */
  handleError(error: Error): void {
    this.settle({ completed: this.completed, error });
  }

  handleReadyForQuery(): void {
    this.settle(undefined);
  }

  handleRowDescription(message: { fields: unknown[] }): void {
    this._result.addFields(message.fields);
  }

  /** Keeps the last statement's rows (the others' come without a description, and are dropped). */
  handleDataRow(message: { fields: unknown[] }): void {
    if (this.completed === this.statements.length - 1) this._result.addRow(this._result.parseRow(message.fields));
  }
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyInResponse(): void {}
  handleCopyData(): void {}
}
