// Test fixture: runs a callback at a known point of an SQLite statement (fault injection: a file
// created, a process stopped, right before or after the statement runs) by wrapping better-sqlite3's
// prepare in this process only; the library itself runs as shipped. Statements already prepared
// (kept by a connection's cache) are not wrapped: hook a statement before its connection first runs it.
import Database from 'better-sqlite3';

/** What runs around each statement whose SQL matches: given its parameters. */
export interface StatementHook {
  before?(parameters: unknown[]): void;
  after?(parameters: unknown[]): void;
}

/** Wraps every statement prepared from now on whose SQL `matches`; returns what undoes the wrapping. */
export function hookSqliteStatements(matches: (sql: string) => boolean, hook: StatementHook): () => void {
  const prepare = Database.prototype.prepare;
  Database.prototype.prepare = function (this: InstanceType<typeof Database>, sql: string) {
    const statement = prepare.call(this, sql);
    if (!matches(sql)) return statement;
    const wrapped = statement as unknown as { run(...parameters: unknown[]): unknown };
    const run = wrapped.run;
    wrapped.run = (...parameters: unknown[]) => {
      hook.before?.(parameters);
      const result = run.apply(wrapped, parameters);
      hook.after?.(parameters);
      return result;
    };
    return statement;
  } as typeof prepare;
  return () => {
    Database.prototype.prepare = prepare;
  };
}
