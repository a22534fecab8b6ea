// Schema version 5: the subjects' data keys for crypto-shredding, beside the journal. One row per
// subject whose key exists: its key id, the key wrapped (encrypted) under the master key or a KMS,
// and the block that recorded its creation. Shredding deletes the row, in the same transaction as
// the block that records it; verify() compares the rows with the journal's records.
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { dialectOf } from './sql-dialect';

export class DataKey1763700000005 implements MigrationInterface {
  name = 'DataKey1763700000005';

  async up(queryRunner: QueryRunner): Promise<void> {
    const d = dialectOf(queryRunner);
    await queryRunner.query(`CREATE TABLE ledger_data_key (
     subject ${d.text} PRIMARY KEY,
     key_id ${d.text} NOT NULL,
     wrapped ${d.blob} NOT NULL,
     sequence_no ${d.integer} NOT NULL)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE ledger_data_key');
  }
}
