// One pooled PostgreSQL connection lent to a read or a write. BIGINT columns come back as numbers
// (pg's default is strings; every value the ledger keeps in them, sequence numbers, versions, tree
// indexes, counts, stays far below 2^53), so rows read the same on every database. Every failure
// of the database surfaces as a StorageError; a connection on which a statement failed is closed
// rather than returned to the pool (which also rolls back whatever transaction it had open).
import type { ClientBase, PoolClient } from 'pg';
import { numberedPlaceholders } from './numbered-placeholders';
import type { SqlQuery } from './sql-storage';
import { StorageError } from './storage.error';

const INT8_OID = 20;

const ignore = (): void => undefined;

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

export class PostgresConnection {
  private broken: Error | undefined;

  constructor(private readonly client: PoolClient) {
    adoptConnection(client);
  }

  /** Runs one statement with `?` placeholders and returns its rows. */
  readonly query: SqlQuery = async <Row>(sql: string, parameters: readonly unknown[] = []) => {
    try {
      return (await this.client.query(numberedPlaceholders(sql), parameters as unknown[])).rows as Row[];
    } catch (error) {
      throw this.failed(`${sql.trim().split(/\s+/, 3).join(' ')} … failed`, error);
    }
  };

  /**
   * Runs `work` between `begin` (statements without parameters, sent in one round trip) and COMMIT.
   * When work fails, the transaction is rolled back and work's error rethrown.
   */
  async transaction<T>(begin: string, work: (query: SqlQuery) => Promise<T>, commitFailure: string): Promise<T> {
    await this.run(begin, `${begin} failed`);
    let result: T;
    try {
      result = await work(this.query);
    } catch (error) {
      if (!this.broken) await this.run('ROLLBACK', 'ROLLBACK failed').catch(() => undefined);
      throw error;
    }
    await this.run('COMMIT', commitFailure);
    return result;
  }

  /** Gives the connection back to the pool, or closes it when anything failed on it. */
  release(): void {
    this.client.release(this.broken);
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
