// Test fixture: the storage the engine's tests run on, so one suite covers every database. SQLite
// (a file in a temporary directory per ledger) unless the jest project set the global
// `ledgerTestStorage`: 'postgres', PostgreSQL (a fresh schema per ledger, on the throw-away
// server at LEDGER_TEST_POSTGRES_URL that the project's global setup started); 'sqlite-writer-thread',
// SQLite files written from the ledger's write thread.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { JOURNAL_TABLES } from '../storage/migrations/journal-schema.migration';
import { numberedPlaceholders } from '../storage/numbered-placeholders';
import type { StorageOptions } from '../storage';
// Ledgers in specs run PartiQL, as every entry point of the package gives them.
import '../partiql';

/** Direct SQL on a ledger's database, as anyone with write access to it (an attacker) could run. */
export interface RawSql {
  /** Runs one statement with `?` placeholders and returns its rows. */
  query<Row = Record<string, unknown>>(sql: string, parameters?: unknown[]): Promise<Row[]>;
  /** Drops the triggers that keep `table` append-only. */
  allowChanges(table: (typeof JOURNAL_TABLES)[number]): Promise<void>;
  close(): Promise<void>;
}

export interface TestStorage {
  type: 'sqlite' | 'postgres';
  /** A new, empty place for a ledger: a file path (SQLite) or a schema name (PostgreSQL). */
  newLocation(name: string): string;
  options(location: string): StorageOptions;
  raw(location: string): Promise<RawSql>;
  /** Removes every location made. */
  removeAll(): Promise<void>;
}

const directories: string[] = [];

/** A path for a new file in a fresh temporary directory, removed with the test storage. */
export function tempFilePath(name: string): string {
  const directory = mkdtempSync(join(tmpdir(), 'nestjs-ledger-'));
  directories.push(directory);
  return join(directory, name);
}

function removeTempFiles(): void {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
}

const sqlite: TestStorage = {
  type: 'sqlite',
  newLocation: (name) => tempFilePath(`${name}.ledger`),
  options: (database) => ({ type: 'sqlite', database }),
  raw: async (path) => {
    const db = new Database(path);
    return {
      query: async <Row>(sql: string, parameters: unknown[] = []) => {
        try {
          const statement = db.prepare(sql);
          if (statement.reader) return statement.all(...parameters) as Row[];
          statement.run(...parameters);
          return [];
        } catch (error) {
          throw new Error((error as Error).message); // better-sqlite3's errors are no Error of jest's realm
        }
      },
      allowChanges: async (table) => {
        db.exec(`DROP TRIGGER IF EXISTS ${table}_no_update; DROP TRIGGER IF EXISTS ${table}_no_delete;`);
      },
      close: async () => void db.close(),
    };
  },
  removeAll: async () => removeTempFiles(),
};

function postgresUrl(): string {
  const url = process.env.LEDGER_TEST_POSTGRES_URL;
  if (!url) throw new Error('LEDGER_TEST_POSTGRES_URL is not set: run the postgres tests through jest, whose global setup starts the server');
  return url;
}

const schemas: string[] = [];

const postgres: TestStorage = {
  type: 'postgres',
  newLocation: (name) => {
    const schema = `${name.toLowerCase().replace(/[^a-z0-9_]/g, '_')}_${randomBytes(6).toString('hex')}`;
    schemas.push(schema);
    return schema;
  },
  options: (schema) => ({ type: 'postgres', url: postgresUrl(), schema }),
  raw: async (schema) => {
    const client = new Client({ connectionString: postgresUrl(), options: `-c search_path=${schema}` });
    await client.connect();
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    const query = async <Row>(sql: string, parameters: unknown[] = []) => (await client.query(numberedPlaceholders(sql), parameters)).rows as Row[];
    return {
      query,
      allowChanges: async (table) => {
        for (const operation of ['update', 'delete', 'truncate']) await query(`DROP TRIGGER IF EXISTS ${table}_no_${operation} ON ${table}`);
      },
      close: () => client.end(),
    };
  },
  removeAll: async () => {
    removeTempFiles();
    if (schemas.length === 0) return;
    const client = new Client(postgresUrl());
    await client.connect();
    for (const schema of schemas.splice(0)) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  },
};

/** SQLite files written from the ledger's write thread (storage.writerThread), its commits pipelined. */
const sqliteWriterThread: TestStorage = { ...sqlite, options: (database) => ({ type: 'sqlite', database, writerThread: true }) };

const storages: Record<string, TestStorage> = { postgres, 'sqlite-writer-thread': sqliteWriterThread };

export const testStorage: TestStorage = storages[(globalThis as { ledgerTestStorage?: string }).ledgerTestStorage ?? ''] ?? sqlite;

/** `it` where the tests run on SQLite, skipped on PostgreSQL. */
export const onSqlite: jest.It = testStorage.type === 'sqlite' ? it : it.skip;

/** `it` where the tests run on PostgreSQL, skipped on SQLite. */
export const onPostgres: jest.It = testStorage.type === 'postgres' ? it : it.skip;

/** Runs one statement on the database of the ledger at `location` directly (on PostgreSQL, as the server's superuser). */
export async function rawQuery<Row = Record<string, unknown>>(location: string, sql: string, parameters: unknown[] = []): Promise<Row[]> {
  const raw = await testStorage.raw(location);
  try {
    return await raw.query<Row>(sql, parameters);
  } finally {
    await raw.close();
  }
}

/** The ledger at `location` as the release before event redaction left it: its block UPDATE trigger refusing every change, the last migration's row deleted. */
export async function undoEventRedactionMigration(location: string): Promise<void> {
  const statements =
    testStorage.type === 'postgres'
      ? [
          'DROP TRIGGER journal_block_no_update ON journal_block',
          'CREATE TRIGGER journal_block_no_update BEFORE UPDATE ON journal_block FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change()',
        ]
      : [
          'DROP TRIGGER journal_block_no_update',
          "CREATE TRIGGER journal_block_no_update BEFORE UPDATE ON journal_block\n       BEGIN SELECT RAISE(ABORT, 'the journal is append-only: UPDATE on journal_block is refused'); END",
        ];
  for (const statement of statements) await rawQuery(location, statement);
  await rawQuery(location, "DELETE FROM ledger_migrations WHERE name = 'EventRedaction1763700000006'");
}

/** Whether the SQLite ledger's file or its write-ahead log holds `content` anywhere (a byte scan). */
export function sqliteFilesHold(location: string, content: string | Uint8Array): boolean {
  const needle = Buffer.from(content);
  return [location, `${location}-wal`].some((path) => existsSync(path) && readFileSync(path).includes(needle));
}
