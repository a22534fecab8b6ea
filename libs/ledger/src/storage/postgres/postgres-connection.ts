// One pooled PostgreSQL connection lent to a read or a write. BIGINT columns come back as numbers
// (pg's default is strings; every value the ledger keeps in them, sequence numbers, versions, tree
// indexes, counts, stays far below 2^53), so rows read the same on every database. Every failure
// of the database surfaces as a StorageError; a connection on which a statement failed is closed
// rather than returned to the pool (which also rolls back whatever transaction it had open). A
// transaction costs two round trips: BEGIN with its first statement, and its last statements with
// COMMIT (pipelined statement batches); one when it makes no query before its last statements.
import type { ClientBase, PoolClient } from 'pg';
import { numberedPlaceholders } from '../numbered-placeholders';
import { ColumnArray } from '../column-array';
import { binaryArray } from './postgres-binary-array';
import { PostgresStatementBatch, type StatementBatchFailure } from './postgres-statement-batch';
import type { SqlQuery, SqlStatement } from '../sql-storage';
import { StorageError } from '../storage.error';

const INT8_OID = 20;

const ignore = (): void => undefined;

/** Whether the server answered with this error (pg's DatabaseError carries its severity), rather than the connection failing. */
const fromServer = (error: Error): boolean => typeof (error as { severity?: unknown }).severity === 'string';

/** The first words of a statement, for messages. */
const headOf = (sql: string): string => sql.trim().split(/\s+/, 3).join(' ');

/**
 * Readies a connection of the ledger's pool, once: BIGINT read as numbers, and its failures kept
 * from crashing the process (pg emits 'error' when the server ends a connection between
 * statements, and an 'error' event with no listener throws); such a failure surfaces through the
 * next statement on it, as a StorageError, and the pool drops it. The pool readies each connection
 * as it opens (its first messages may carry the error); each is readied when lent too, for those
 * opened before the pool was watched.
 */
export function adoptConnection(client: ClientBase): void {
  if (client.listeners('error').includes(ignore)) return;
  client.on('error', ignore);
  client.setTypeParser(INT8_OID, 'text', Number);
}

/** A column array as its binary form (pg binds bytes in binary); any other parameter as it is. */
const columnArrayBound = (value: unknown): unknown => (value instanceof ColumnArray ? binaryArray(value) : value);

/** A statement sent right after BEGIN that fails with the SQLSTATE `refusal` when the transaction must not go on: it then ends, rolled back, in `refused()`. */
export interface TransactionCheck {
  statement: SqlStatement;
  refusal: string;
  refused: () => Error;
}

/** Whether the statement the server refused in a batch is the check at `index`, for the check's reason. */
function refusedCheck(failure: StatementBatchFailure, index: number, check: TransactionCheck): boolean {
  return failure.completed === index && (failure.error as { code?: unknown }).code === check.refusal;
}

export class PostgresConnection {
  private broken: Error | undefined;

  constructor(private readonly client: PoolClient) {
    adoptConnection(client);
  }

  /** Runs one statement with `?` placeholders and returns its rows; a named one is parsed once per connection. */
  readonly query: SqlQuery = async <Row>(sql: string, parameters: readonly unknown[] = [], name?: string) => {
    try {
      return (await this.client.query({ text: numberedPlaceholders(sql), values: parameters.map(columnArrayBound), name })).rows as Row[];
    } catch (error) {
      throw this.failed(`${headOf(sql)} … failed`, error);
    }
  };

  /**
   * Runs `work` between `begin` (statements without parameters) and COMMIT, then the statements
   * `last` builds from its result. `begin` (and `check`) go out with work's first statement, in one
   * round trip; the last statements go out with COMMIT, in one round trip (with `begin` too when
   * work made no query: the whole transaction in one). When work fails, the transaction is rolled
   * back and work's error rethrown.
   */
  async transaction<T>(
    begin: readonly string[],
    work: (query: SqlQuery) => Promise<T>,
    commitFailure: string,
    last: (value: T) => readonly SqlStatement[] = () => [],
    check?: TransactionCheck,
  ): Promise<T> {
    const opening = [...begin.map((sql): SqlStatement => ({ sql, parameters: [] })), ...(check ? [check.statement] : [])];
    let begun = false;
    const query: SqlQuery = (sql, parameters = [], name) => {
      if (begun) return this.query(sql, parameters, name);
      begun = true;
      return this.begin(opening, { sql, parameters, name }, check);
    };
    let result: T;
    let statements: readonly SqlStatement[];
    try {
      result = await work(query);
      statements = last(result);
    } catch (error) {
      if (begun && !this.broken) await this.run('ROLLBACK', 'ROLLBACK failed').catch(() => undefined);
      throw error;
    }
    await this.commitWith(begun ? [] : opening, statements, commitFailure, check);
    return result;
  }

  /**
   * Sends `opening` (the transaction's beginning when nothing was sent yet), `statements` and
   * COMMIT in one round trip. A check the server refused rolls the transaction back and throws its
   * own error; another statement the server refused leaves the transaction uncommitted (the server
   * skipped the COMMIT); any other failure (COMMIT's own, a lost connection) leaves the outcome
   * unknown: `commitFailure` says so.
   */
  private async commitWith(opening: readonly SqlStatement[], statements: readonly SqlStatement[], commitFailure: string, check?: TransactionCheck): Promise<void> {
    const all = [...opening, ...statements];
    const { failure } = await this.send([...all, { sql: 'COMMIT', parameters: [] }]);
    if (failure === undefined) return;
    if (check && opening.length && refusedCheck(failure, opening.length - 1, check)) {
      await this.run('ROLLBACK', 'ROLLBACK failed');
      throw check.refused();
    }
    const refused = failure.completed < all.length && fromServer(failure.error);
    throw this.failed(refused ? `${headOf(all[failure.completed].sql)} … failed` : commitFailure, failure.error);
  }

  /** A query that runs one statement on its own (autocommit), and refuses a second: for reads that need no transaction. */
  singleStatement(): SqlQuery {
    let used = false;
    return (sql, parameters, name) => {
      if (used) return Promise.reject(new StorageError(`a single-statement read made a second query (${headOf(sql)} …)`, sql));
      used = true;
      return this.query(sql, parameters, name);
    };
  }

  /** Gives the connection back to the pool, or closes it when anything failed on it. */
  release(): void {
    this.client.release(this.broken);
  }

  /** Sends `opening`, then the first statement of the transaction, in one round trip; its rows (a refused check: its own error). */
  private async begin<Row>(opening: readonly SqlStatement[], first: SqlStatement, check?: TransactionCheck): Promise<Row[]> {
    const statements = [...opening, first];
    const { rows, failure } = await this.send(statements);
    if (failure === undefined) return rows as Row[];
    if (check && refusedCheck(failure, opening.length - 1, check)) throw check.refused();
    throw this.failed(`${headOf(statements[Math.min(failure.completed, statements.length - 1)].sql)} … failed`, failure.error);
  }

  /** Sends `statements` in one round trip (PostgresStatementBatch): the last one's rows, or how far they got. */
  private async send(statements: readonly SqlStatement[]): Promise<{ rows: Record<string, unknown>[]; failure?: StatementBatchFailure }> {
    const batch = new PostgresStatementBatch(statements);
    try {
      this.client.query(batch);
      const failure = await batch.done;
      return { rows: batch.rows, failure };
    } catch (error) {
      return { rows: [], failure: { completed: 0, error: error as Error } };
    }
  }

  private async run(sql: string, failure: string): Promise<void> {
    try {
      await this.client.query(sql);
    } catch (error) {
      throw this.failed(failure, error);
    }
  }

  private failed(what: string, error: unknown): StorageError {
    this.broken ??= error as Error;
    return new StorageError(`${what}: ${(error as Error).message}`, undefined, error);
  }
}
