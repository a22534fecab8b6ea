// Schema version 1: the journal (blocks, revisions, tree nodes: insert-only, guarded by triggers),
// the ledger's strand (its tip is the last block), and the state derived from the journal (current
// documents and index entries), which `verify()` re-derives and compares. A commit touches as few
// B-trees as it can: every page it dirties is written and synced.
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Journal tables: the database itself refuses to change or remove their rows. */
export const JOURNAL_TABLES = ['journal_block', 'journal_revision', 'journal_tree_node'] as const;

const SCHEMA = [
  `CREATE TABLE ledger_strand (
     strand_id TEXT PRIMARY KEY,
     ledger_name TEXT NOT NULL)`,
  `CREATE TABLE journal_block (
     sequence_no INTEGER PRIMARY KEY,
     block_hash BLOB NOT NULL,
     block_time TEXT NOT NULL,
     header BLOB NOT NULL)`,
  `CREATE TABLE journal_revision (
     sequence_no INTEGER NOT NULL,
     position INTEGER NOT NULL,
     table_id TEXT,
     document_id TEXT,
     version INTEGER,
     hash BLOB NOT NULL,
     metadata BLOB,
     data BLOB,
     data_hash BLOB,
     PRIMARY KEY (sequence_no, position))`,
  `CREATE INDEX journal_revision_by_document ON journal_revision (document_id, version)`,
  `CREATE TABLE journal_tree_node (
     level INTEGER NOT NULL,
     idx INTEGER NOT NULL,
     hash BLOB NOT NULL,
     PRIMARY KEY (level, idx))`,
  `CREATE TABLE ledger_document (
     document_id TEXT PRIMARY KEY,
     table_id TEXT NOT NULL,
     version INTEGER NOT NULL,
     sequence_no INTEGER NOT NULL,
     data BLOB)`,
  `CREATE INDEX ledger_document_by_table ON ledger_document (table_id, sequence_no)`,
  `CREATE TABLE ledger_index_entry (
     index_id TEXT NOT NULL,
     value_key BLOB NOT NULL,
     document_id TEXT NOT NULL,
     PRIMARY KEY (index_id, value_key, document_id))`,
  `CREATE INDEX ledger_index_entry_by_document ON ledger_index_entry (document_id)`,
];

function appendOnlyTriggers(table: string): string[] {
  return ['UPDATE', 'DELETE'].map(
    (operation) =>
      `CREATE TRIGGER ${table}_no_${operation.toLowerCase()} BEFORE ${operation} ON ${table}
       BEGIN SELECT RAISE(ABORT, 'the journal is append-only: ${operation} on ${table} is refused'); END`,
  );
}

export class JournalSchema1763700000001 implements MigrationInterface {
  name = 'JournalSchema1763700000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of [...SCHEMA, ...JOURNAL_TABLES.flatMap(appendOnlyTriggers)]) {
      await queryRunner.query(statement);
    }
  }

  async down(): Promise<void> {
    throw new Error('the journal schema is never rolled back: a ledger keeps its history');
  }
}
