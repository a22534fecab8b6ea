// The SQL of the subjects' data keys (ledger_data_key): read one, list all for verification, and the
// statements that add or delete one, which commit with the block that records the change.
import { blob } from './ledger-repository';
import type { SqlQuery, SqlStatement } from './sql-storage';

export interface DataKeyRow {
  subject: string;
  keyId: string;
  /** The data key encrypted by the key wrapper (master key or KMS). */
  wrapped: Uint8Array;
  /** The block that recorded the key's creation. */
  sequenceNo: number;
}

const COLUMNS = 'subject, key_id AS "keyId", wrapped, sequence_no AS "sequenceNo"';

export async function selectDataKey(query: SqlQuery, subject: string): Promise<DataKeyRow | undefined> {
  const [row] = await query<DataKeyRow>(`SELECT ${COLUMNS} FROM ledger_data_key WHERE subject = ?`, [subject]);
  return row && { ...row, sequenceNo: Number(row.sequenceNo) };
}

/** Every data key row, by subject, for verification. */
export async function selectDataKeys(query: SqlQuery): Promise<DataKeyRow[]> {
  const rows = await query<DataKeyRow>(`SELECT ${COLUMNS} FROM ledger_data_key ORDER BY subject`);
  return rows.map((row) => ({ ...row, sequenceNo: Number(row.sequenceNo) }));
}

export function insertDataKeyStatement(row: DataKeyRow): SqlStatement {
  return {
    sql: 'INSERT INTO ledger_data_key (subject, key_id, wrapped, sequence_no) VALUES (?, ?, ?, ?)',
    parameters: [row.subject, row.keyId, blob(row.wrapped), row.sequenceNo],
  };
}

export function deleteDataKeyStatement(subject: string, keyId: string): SqlStatement {
  return { sql: 'DELETE FROM ledger_data_key WHERE subject = ? AND key_id = ?', parameters: [subject, keyId] };
}
