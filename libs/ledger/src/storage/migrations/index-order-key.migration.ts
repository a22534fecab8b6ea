// Schema version 2: each index entry also carries the order key of its value (index-keys.ts), with
// a B-tree on (index_id, order_key), so an index serves ranges (<, >, BETWEEN) and equality by value
// across numeric types. Entries written before it get their keys from the documents they index.
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { fromIon, isPlainObject, type IonStructObject } from '../../ion';
import { indexKeysOf, indexPath } from '../index-keys';
import { dialectOf, type SqlDialect } from './sql-dialect';

const CATALOG_TABLE_ID = 'UserTables000000000000';

export class IndexOrderKey1763700000002 implements MigrationInterface {
  name = 'IndexOrderKey1763700000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    const d = dialectOf(queryRunner);
    await queryRunner.query(`ALTER TABLE ledger_index_entry ADD COLUMN order_key ${d.blob}`);
    await queryRunner.query('CREATE INDEX ledger_index_entry_by_order ON ledger_index_entry (index_id, order_key)');
    for (const [indexId, path] of await indexPaths(queryRunner, d)) await backfill(queryRunner, d, indexId, path);
  }

  async down(): Promise<void> {
    throw new Error('the index order keys are never rolled back');
  }
}

/** Every index of the catalog with the path it indexes. */
async function indexPaths(queryRunner: QueryRunner, d: SqlDialect): Promise<Map<string, string[]>> {
  const rows: Array<{ data: Uint8Array }> = await queryRunner.query(
    d.sql('SELECT data FROM ledger_document WHERE table_id = ? AND data IS NOT NULL'),
    [CATALOG_TABLE_ID],
  );
  const paths = new Map<string, string[]>();
  for (const row of rows) {
    const table = fromIon(row.data);
    const indexes = isPlainObject(table) && Array.isArray(table.indexes) ? table.indexes : [];
    for (const index of indexes as IonStructObject[]) {
      const path = indexPath(String(index.expr));
      if (path) paths.set(String(index.indexId), path);
    }
  }
  return paths;
}

async function backfill(queryRunner: QueryRunner, d: SqlDialect, indexId: string, path: string[]): Promise<void> {
  const rows: Array<{ documentId: string; data: Uint8Array }> = await queryRunner.query(
    d.sql(`SELECT e.document_id AS "documentId", d.data FROM ledger_index_entry e
       JOIN ledger_document d ON d.document_id = e.document_id WHERE e.index_id = ? AND d.data IS NOT NULL`),
    [indexId],
  );
  for (const row of rows) {
    const orderKey = indexKeysOf(fromIon(row.data) as IonStructObject, path)?.orderKey;
    if (orderKey) {
      await queryRunner.query(d.sql('UPDATE ledger_index_entry SET order_key = ? WHERE index_id = ? AND document_id = ?'), [
        Buffer.from(orderKey),
        indexId,
        row.documentId,
      ]);
    }
  }
}
