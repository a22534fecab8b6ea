// Schema version 4: the journal stays append-only but for one change, a redaction: a revision row
// may lose its data for its data's hash (data set to NULL, data_hash set, every other column as it
// was), which QLDB's REDACT_REVISION does and every hash survives. Any other UPDATE is refused as
// before. The database cannot tell whether a redaction block records the change: verify() does.
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { dialectOf, narrowedUpdateTrigger, type NarrowedUpdate } from './sql-dialect';

/** The condition under which an UPDATE of a journal_revision row is a redaction (OLD and NEW as in a row trigger). */
const REDACTION_ONLY = `OLD.data IS NOT NULL AND NEW.data IS NULL AND OLD.data_hash IS NULL AND NEW.data_hash IS NOT NULL
  AND NEW.sequence_no = OLD.sequence_no AND NEW.position = OLD.position AND NEW.hash = OLD.hash
  AND NEW.table_id IS NOT DISTINCT FROM OLD.table_id AND NEW.document_id IS NOT DISTINCT FROM OLD.document_id
  AND NEW.version IS NOT DISTINCT FROM OLD.version AND NEW.metadata IS NOT DISTINCT FROM OLD.metadata`;

const REVISION_REDACTION: NarrowedUpdate = {
  table: 'journal_revision',
  functionName: 'ledger_refuse_revision_change',
  allowed: REDACTION_ONLY,
  refusal: 'the journal is append-only: UPDATE on journal_revision is refused, but for a redaction',
};

export class RevisionRedaction1763700000004 implements MigrationInterface {
  name = 'RevisionRedaction1763700000004';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of narrowedUpdateTrigger(dialectOf(queryRunner), REVISION_REDACTION)) await queryRunner.query(statement);
  }

  async down(): Promise<void> {
    throw new Error('redaction is never rolled back: redacted revisions stay redacted');
  }
}
