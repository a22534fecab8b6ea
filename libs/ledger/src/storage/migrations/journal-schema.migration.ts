// Schema version 1: the journal (blocks, revisions, tree nodes: insert-only, guarded by triggers),
// the ledger's strand (its tip is the last block), and the state derived from the journal (current
// documents and index entries), which `verify()` re-derives and compares. A commit touches as few
// B-trees as it can: every page it dirties is written and synced.
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { dialectOf, type SqlDialect } from './sql-dialect';

/** Journal tables: the database itself refuses to change or remove their rows. */
export const JOURNAL_TABLES = ['journal_block', 'journal_revision', 'journal_tree_node'] as const;

function schema(d: SqlDialect): string[] {
  return [
    `CREATE TABLE ledger_strand (
     strand_id ${d.text} PRIMARY KEY,
     ledger_name ${d.text} NOT NULL)`,
    `CREATE TABLE journal_block (
     sequence_no ${d.integer} PRIMARY KEY,
     block_hash ${d.blob} NOT NULL,
     block_time ${d.text} NOT NULL,
     header ${d.blob} NOT NULL)`,
    `CREATE TABLE journal_revision (
     sequence_no ${d.integer} NOT NULL,
     position ${d.integer} NOT NULL,
     table_id ${d.text},
     document_id ${d.text},
     version ${d.integer},
     hash ${d.blob} NOT NULL,
     metadata ${d.blob},
     data ${d.blob},
     data_hash ${d.blob},
     PRIMARY KEY (sequence_no, position))`,
    `CREATE INDEX journal_revision_by_document ON journal_revision (document_id, version)`,
    `CREATE TABLE journal_tree_node (
     level ${d.integer} NOT NULL,
     idx ${d.integer} NOT NULL,
     hash ${d.blob} NOT NULL,
     PRIMARY KEY (level, idx))`,
    `CREATE TABLE ledger_document (
     document_id ${d.text} PRIMARY KEY,
     table_id ${d.text} NOT NULL,
     version ${d.integer} NOT NULL,
     sequence_no ${d.integer} NOT NULL,
     data ${d.blob})`,
    `CREATE INDEX ledger_document_by_table ON ledger_document (table_id, sequence_no)`,
    `CREATE TABLE ledger_index_entry (
     index_id ${d.text} NOT NULL,
     value_key ${d.blob} NOT NULL,
     document_id ${d.text} NOT NULL,
     PRIMARY KEY (index_id, value_key, document_id))`,
    `CREATE INDEX ledger_index_entry_by_document ON ledger_index_entry (document_id)`,
  ];
}

export class JournalSchema1763700000001 implements MigrationInterface {
  name = 'JournalSchema1763700000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    const dialect = dialectOf(queryRunner);
    for (const statement of [...schema(dialect), ...dialect.appendOnlyTriggers(JOURNAL_TABLES)]) {
      await queryRunner.query(statement);
    }
  }

  async down(): Promise<void> {
    throw new Error('the journal schema is never rolled back: a ledger keeps its history');
  }
}
