// Test fixture for the trusted-digest and witness specs: a journal cut off, or its history
// rewritten from a block, as an attacker with write access to the database would do it so that
// plain verify() still passes (the journal's append-only triggers dropped first). The ledgers these
// specs build write only inserts after their first blocks, so cutting the journal off undoes the
// derived state by deleting the documents (and their index entries) the cut blocks wrote.
import type { KeyObject } from 'node:crypto';
import { Ledger } from './ledger';
import { tamper } from './tamper.fixture';
import { openTestLedger, storageAt, tempLedgerPath } from './test-ledger.fixture';

/** A closed ledger: a table with an index (block 1), then `inserts` single inserts (blocks 2..inserts+1). */
export async function insertsLedger(inserts: number, signingKey?: KeyObject): Promise<string> {
  const path = tempLedgerPath('trusted');
  const ledger = await openTestLedger(path, signingKey ? { signingKey } : {});
  await ledger.execute((tx) => {
    tx.createTable('Account');
    tx.createIndex('Account', 'owner');
  });
  await insertMore(ledger, inserts, 'genuine');
  await ledger.close();
  return path;
}

/** Commits `count` blocks, each inserting one Account owned by `<prefix>-<n>`. */
export async function insertMore(ledger: Ledger, count: number, prefix: string): Promise<void> {
  for (let i = 0; i < count; i++) await ledger.execute((tx) => tx.insert('Account', { owner: `${prefix}-${i}`, balance: i }));
}

/** Deletes every block after `last`, with its revisions, tree nodes, documents and index entries. */
export async function cutOff(path: string, last: number): Promise<void> {
  await tamper(path, async (sql) => {
    await sql.query('DELETE FROM journal_revision WHERE sequence_no > ?', [last]);
    await sql.query('DELETE FROM journal_block WHERE sequence_no > ?', [last]);
    await sql.query('DELETE FROM journal_tree_node WHERE (idx + 1) * (CAST(1 AS BIGINT) << CAST(level AS INTEGER)) > ?', [last + 1]);
    await sql.query('DELETE FROM ledger_index_entry WHERE document_id IN (SELECT document_id FROM ledger_document WHERE sequence_no > ?)', [last]);
    await sql.query('DELETE FROM ledger_document WHERE sequence_no > ?', [last]);
  });
}

/** Rewrites history from block `from`: cuts the journal off before it, then commits `blocks` other inserts with the ledger's own code. */
export async function rewriteFrom(path: string, from: number, blocks: number): Promise<void> {
  await cutOff(path, from - 1);
  await withLedgerAt(path, (ledger) => insertMore(ledger, blocks, 'forged'));
}

/** Runs `work` on the ledger at `path`, opened whatever its name (as `ledger verify` opens it), closing it afterwards. */
export async function withLedgerAt<T>(path: string, work: (ledger: Ledger) => Promise<T>, signingKey?: KeyObject): Promise<T> {
  const ledger = await Ledger.openExisting({ storage: storageAt(path), ...(signingKey ? { signingKey } : {}) });
  try {
    return await work(ledger);
  } finally {
    await ledger.close();
  }
}
