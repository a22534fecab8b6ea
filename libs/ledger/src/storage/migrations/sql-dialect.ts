// The SQL that differs between the databases a ledger runs on, for migrations: column types,
// placeholders and the triggers that make a table append-only. A migration writes each statement
// once with these pieces (`${d.integer}`, `${d.blob}`, `${d.text}`, `d.sql('… = ?')`); on SQLite
// they are the words the schema always used.
import type { QueryRunner } from 'typeorm';
import { numberedPlaceholders } from '../numbered-placeholders';

export interface SqlDialect {
  name: 'sqlite' | 'postgres';
  /** A 64-bit integer column (sequence numbers, versions, positions, tree indexes). */
  integer: string;
  /** A byte-string column (hashes, Ion binary). */
  blob: string;
  /** A text column compared byte by byte (ids, ISO 8601 times), so both databases order it alike. */
  text: string;
  /** `statement` with its `?` placeholders in this database's form, for queryRunner.query(sql, parameters). */
  sql(statement: string): string;
  /** Statements after which the database refuses to change or remove rows of `tables`. */
  appendOnlyTriggers(tables: readonly string[]): string[];
}

const sqlite: SqlDialect = {
  name: 'sqlite',
  integer: 'INTEGER',
  blob: 'BLOB',
  text: 'TEXT',
  sql: (statement) => statement,
  appendOnlyTriggers: (tables) =>
    tables.flatMap((table) =>
      ['UPDATE', 'DELETE'].map(
        (operation) =>
          `CREATE TRIGGER ${table}_no_${operation.toLowerCase()} BEFORE ${operation} ON ${table}
       BEGIN SELECT RAISE(ABORT, 'the journal is append-only: ${operation} on ${table} is refused'); END`,
      ),
    ),
};

/** PostgreSQL: one PL/pgSQL function, and statement triggers (TRUNCATE too, which skips DELETE triggers). */
const postgres: SqlDialect = {
  name: 'postgres',
  integer: 'BIGINT',
  blob: 'BYTEA',
  text: 'TEXT COLLATE "C"',
  sql: numberedPlaceholders,
  appendOnlyTriggers: (tables) => [
    `CREATE OR REPLACE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       RAISE EXCEPTION 'the journal is append-only: % on % is refused', TG_OP, TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
     END $$`,
    ...tables.flatMap((table) =>
      ['UPDATE', 'DELETE', 'TRUNCATE'].map(
        (operation) =>
          `CREATE TRIGGER ${table}_no_${operation.toLowerCase()} BEFORE ${operation} ON ${table}
           FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change()`,
      ),
    ),
  ],
};

/** An UPDATE trigger that lets one kind of change of a journal table through, and what it refuses with. */
export interface NarrowedUpdate {
  table: string;
  /** The PL/pgSQL function of the PostgreSQL row trigger. */
  functionName: string;
  /** The change let through, a condition on OLD and NEW (SQL's IS NOT DISTINCT FROM, written IS on SQLite). */
  allowed: string;
  refusal: string;
}

/** Statements that replace `table`'s append-only UPDATE trigger by a row trigger that lets only `allowed` through. */
export function narrowedUpdateTrigger(d: SqlDialect, { table, functionName, allowed, refusal }: NarrowedUpdate): string[] {
  if (d.name === 'sqlite') {
    return [
      `DROP TRIGGER ${table}_no_update`,
      `CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table}
       WHEN NOT (${allowed.replace(/IS NOT DISTINCT FROM/g, 'IS')})
       BEGIN SELECT RAISE(ABORT, '${refusal}'); END`,
    ];
  }
  return [
    `DROP TRIGGER ${table}_no_update ON ${table}`,
    `CREATE OR REPLACE FUNCTION ${functionName}() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       IF ${allowed} THEN RETURN NEW; END IF;
       RAISE EXCEPTION '${refusal}' USING ERRCODE = 'restrict_violation';
     END $$`,
    `CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table}
     FOR EACH ROW EXECUTE FUNCTION ${functionName}()`,
  ];
}

/** The dialect of the database `queryRunner` migrates. */
export function dialectOf(queryRunner: QueryRunner): SqlDialect {
  const type = queryRunner.connection.driver.options.type;
  if (type === 'better-sqlite3') return sqlite;
  if (type === 'postgres') return postgres;
  throw new Error(`the ledger's migrations do not know the ${type} database`);
}
