// Schema version 4: the journal stays append-only but for one change, a redaction: a revision row
// may lose its data for its data's hash (data set to NULL, data_hash set, every other column as it
// was), which QLDB's REDACT_REVISION does and every hash survives. Any other UPDATE is refused as
// before. The database cannot tell whether a redaction block records the change: verify() does.
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { dialectOf, type SqlDialect } from './sql-dialect';

/** The condition under which an UPDATE of a journal_revision row is a redaction (OLD and NEW as in a row trigger). */
const REDACTION_ONLY = `OLD.data IS NOT NULL AND NEW.data IS NULL AND OLD.data_hash IS NULL AND NEW.data_hash IS NOT NULL
  AND NEW.sequence_no = OLD.sequence_no AND NEW.position = OLD.position AND NEW.hash = OLD.hash
  AND NEW.table_id IS NOT DISTINCT FROM OLD.table_id AND NEW.document_id IS NOT DISTINCT FROM OLD.document_id
  AND NEW.version IS NOT DISTINCT FROM OLD.version AND NEW.metadata IS NOT DISTINCT FROM OLD.metadata`;

function statements(d: SqlDialect): string[] {
  if (d.name === 'sqlite') {
    return [
      'DROP TRIGGER journal_revision_no_update',
      `CREATE TRIGGER journal_revision_no_update BEFORE UPDATE ON journal_revision
       WHEN NOT (${REDACTION_ONLY.replace(/IS NOT DISTINCT FROM/g, 'IS')})
       BEGIN SELECT RAISE(ABORT, 'the journal is append-only: UPDATE on journal_revision is refused, but for a redaction'); END`,
    ];
  }
  return [
    'DROP TRIGGER journal_revision_no_update ON journal_revision',
    `CREATE OR REPLACE FUNCTION ledger_refuse_revision_change() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       IF ${REDACTION_ONLY} THEN RETURN NEW; END IF;
       RAISE EXCEPTION 'the journal is append-only: UPDATE on journal_revision is refused, but for a redaction' USING ERRCODE = 'restrict_violation';
     END $$`,
    `CREATE TRIGGER journal_revision_no_update BEFORE UPDATE ON journal_revision
     FOR EACH ROW EXECUTE FUNCTION ledger_refuse_revision_change()`,
  ];
}

export class RevisionRedaction1763700000004 implements MigrationInterface {
  name = 'RevisionRedaction1763700000004';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of statements(dialectOf(queryRunner))) await queryRunner.query(statement);
  }

  async down(): Promise<void> {
    throw new Error('redaction is never rolled back: redacted revisions stay redacted');
  }
}
