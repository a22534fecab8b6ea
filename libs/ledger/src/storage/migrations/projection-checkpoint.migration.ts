// Schema version 3: one row per projection, beside the journal (operational state, not history:
// rows are updated in place and never hashed, exported or verified). It holds the projection's
// checkpoint (the position of the next event it will handle), its lease (which process runs it,
// until when) and its last failure.
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { dialectOf } from './sql-dialect';

export class ProjectionCheckpoint1763700000003 implements MigrationInterface {
  name = 'ProjectionCheckpoint1763700000003';

  async up(queryRunner: QueryRunner): Promise<void> {
    const d = dialectOf(queryRunner);
    await queryRunner.query(`CREATE TABLE ledger_projection (
     name ${d.text} PRIMARY KEY,
     next_sequence_no ${d.integer} NOT NULL,
     next_index ${d.integer} NOT NULL,
     owner ${d.text},
     lease_expires_at ${d.integer},
     failure ${d.text},
     failed_sequence_no ${d.integer},
     failed_index ${d.integer})`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE ledger_projection');
  }
}
