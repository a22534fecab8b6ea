// Schema version 6: a block row may change in one way, an event redaction: its header (the block
// without its revisions, as Ion binary) is rewritten with an event's payload replaced by the
// payload's digest, its sequence number, hash and time as they were. Any other UPDATE of a block
// is refused as before. The database cannot read the header: verify() recomputes every event's
// hash from it and finds a redaction no block records.
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { dialectOf, narrowedUpdateTrigger, type NarrowedUpdate } from './sql-dialect';

/** A block row may change its header only (an UPDATE that changes nothing is refused too): its number, hash and time stay as they were. */
const EVENT_REDACTION: NarrowedUpdate = {
  table: 'journal_block',
  functionName: 'ledger_refuse_block_change',
  allowed: 'NEW.header <> OLD.header AND NEW.sequence_no = OLD.sequence_no AND NEW.block_hash = OLD.block_hash AND NEW.block_time = OLD.block_time',
  refusal: 'the journal is append-only: UPDATE on journal_block is refused, but for an event redaction',
};

export class EventRedaction1763700000006 implements MigrationInterface {
  name = 'EventRedaction1763700000006';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of narrowedUpdateTrigger(dialectOf(queryRunner), EVENT_REDACTION)) await queryRunner.query(statement);
  }

  async down(): Promise<void> {
    throw new Error('redaction is never rolled back: redacted events stay redacted');
  }
}
