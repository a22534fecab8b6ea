// Schema version 6: a block row may change in one way, an event redaction: its header (the block
// without its revisions, as Ion binary) is rewritten with an event's payload replaced by the
// payload's digest, its sequence number, hash and time as they were. Any other UPDATE of a block
// is refused as before. The database cannot read the header: verify() recomputes every event's
// hash from it and finds a redaction no block records.
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { dialectOf, type SqlDialect } from './sql-dialect';

/** The condition under which an UPDATE of a journal_block row is an event redaction (OLD and NEW as in a row trigger). */
const HEADER_ONLY = 'NEW.sequence_no = OLD.sequence_no AND NEW.block_hash = OLD.block_hash AND NEW.block_time = OLD.block_time';

const REFUSAL = 'the journal is append-only: UPDATE on journal_block is refused, but for an event redaction';

function statements(d: SqlDialect): string[] {
  if (d.name === 'sqlite') {
    return [
      'DROP TRIGGER journal_block_no_update',
      `CREATE TRIGGER journal_block_no_update BEFORE UPDATE ON journal_block
       WHEN NOT (${HEADER_ONLY})
       BEGIN SELECT RAISE(ABORT, '${REFUSAL}'); END`,
    ];
  }
  return [
    'DROP TRIGGER journal_block_no_update ON journal_block',
    `CREATE OR REPLACE FUNCTION ledger_refuse_block_change() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       IF ${HEADER_ONLY} THEN RETURN NEW; END IF;
       RAISE EXCEPTION '${REFUSAL}' USING ERRCODE = 'restrict_violation';
     END $$`,
    `CREATE TRIGGER journal_block_no_update BEFORE UPDATE ON journal_block
     FOR EACH ROW EXECUTE FUNCTION ledger_refuse_block_change()`,
  ];
}

export class EventRedaction1763700000006 implements MigrationInterface {
  name = 'EventRedaction1763700000006';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of statements(dialectOf(queryRunner))) await queryRunner.query(statement);
  }

  async down(): Promise<void> {
    throw new Error('redaction is never rolled back: redacted events stay redacted');
  }
}
