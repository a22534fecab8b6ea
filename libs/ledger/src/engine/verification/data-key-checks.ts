// verify()'s check of the subjects' data keys (ledger_data_key) against the journal: each block
// that creates or shreds a key records it in transactionInfo.dataKey, and the rows must be exactly
// the keys created and not shredded since, each with the key id and block of its creation. A key
// deleted without a recorded shredding, one kept after it, or one planted or swapped, is
// DATA_KEY_MISMATCH (the values it encrypts verify either way: the journal hashes ciphertext).
import { selectDataKeys, type SqlQuery } from '../../storage';
import type { BlockSummary } from '../bulk/block-summary';
import type { Verification } from './verification-state';

/** Notes the data key a block creates or shreds (its summary, bulk/block-summary.ts), as the latest record of its subject. */
export function recordDataKeys(v: Verification, block: BlockSummary): void {
  const record = block.dataKey;
  if (record) v.dataKeys.set(record.subject, { keyId: record.keyId, action: record.action, sequenceNo: block.blockAddress.sequenceNo });
}

export async function checkDataKeys(query: SqlQuery, v: Verification): Promise<void> {
  const rows = new Map((await selectDataKeys(query)).map((row) => [row.subject, row]));
  for (const [subject, record] of v.dataKeys) {
    const row = rows.get(subject);
    rows.delete(subject);
    if (record.action === 'SHRED' && row) v.report('DATA_KEY_MISMATCH', `subject ${JSON.stringify(subject)}'s data key is stored though block ${record.sequenceNo} shredded it`, record.sequenceNo);
    if (record.action === 'CREATE' && !row) v.report('DATA_KEY_MISMATCH', `subject ${JSON.stringify(subject)}'s data key is gone, and no block records its shredding`, record.sequenceNo);
    if (record.action === 'CREATE' && row && (row.keyId !== record.keyId || row.sequenceNo !== record.sequenceNo)) {
      v.report('DATA_KEY_MISMATCH', `subject ${JSON.stringify(subject)}'s stored data key is not the one block ${record.sequenceNo} created`, record.sequenceNo);
    }
  }
  for (const subject of rows.keys()) v.report('DATA_KEY_MISMATCH', `a data key is stored for subject ${JSON.stringify(subject)}, and no block records its creation`, v.tip);
}
