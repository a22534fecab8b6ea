// Test fixture for the tamper specs: a prepared ledger, raw SQL on its database as an attacker with
// write access would run it (the journal's append-only triggers dropped first), and verify() of
// the ledger afterwards.
import { JOURNAL_TABLES } from '../storage/migrations/journal-schema.migration';
import { Ledger } from './ledger';
import { openTestLedger, storageAt, tempLedgerPath } from './test-ledger.fixture';
import { testStorage, type RawSql } from './test-storage.fixture';

/** A closed ledger: a table with an index (block 1), 6 inserts (blocks 2-7: ids), an update of ids[2] (block 8). */
export async function preparedLedger(): Promise<{ path: string; ids: string[] }> {
  const path = tempLedgerPath();
  const ledger = await openTestLedger(path);
  await ledger.execute((tx) => {
    tx.createTable('Account');
    tx.createIndex('Account', 'owner');
  });
  const ids: string[] = [];
  for (let i = 0; i < 6; i++) ids.push(await ledger.execute((tx) => tx.insert('Account', { owner: `o${i}`, balance: 100 * i })));
  await ledger.execute((tx) => tx.update('Account', ids[2], { owner: 'o2', balance: 7 }));
  expect((await ledger.verify()).valid).toBe(true);
  await ledger.close();
  return { path, ids };
}

/** Runs raw SQL on the database as an attacker would, dropping the journal's triggers first. */
export async function tamper(path: string, work: (sql: RawSql) => Promise<unknown>): Promise<void> {
  const sql = await testStorage.raw(path);
  for (const table of JOURNAL_TABLES) await sql.allowChanges(table);
  await work(sql);
  await sql.close();
}

/** The first row `query` returns. */
export async function first<Row>(sql: RawSql, query: string, parameters: unknown[] = []): Promise<Row> {
  return (await sql.query<Row>(query, parameters))[0];
}

export function flipLastByte(bytes: Buffer): Buffer {
  const copy = Buffer.from(bytes);
  copy[copy.length - 1] ^= 0x01;
  return copy;
}

/** verify() of the ledger at `path`, opened whatever its name (as `ledger verify` opens it). */
export async function verifyFile(path: string, all = false) {
  const ledger = await Ledger.openExisting({ storage: storageAt(path) });
  try {
    return await ledger.verify({ all });
  } finally {
    await ledger.close();
  }
}

/**
 * A closed ledger with a realistic journal: two tables (one with two indexes), inserts of several
 * documents per block, updates, a delete, a block carrying events beside a revision, an
 * annotated transaction, and an events-only block.
 */
export async function realisticLedger(): Promise<string> {
  const path = tempLedgerPath('realistic');
  const ledger = await openTestLedger(path);
  await ledger.execute((tx) => {
    tx.createTable('Account');
    tx.createIndex('Account', 'owner');
    tx.createIndex('Account', 'balance');
  });
  await ledger.execute((tx) => tx.createTable('Transfer'));
  const accounts: string[] = [];
  for (let i = 0; i < 6; i++) {
    accounts.push(...(await ledger.execute((tx) => Promise.all([0, 1].map((j) => tx.insert('Account', { owner: `o${i}-${j}`, balance: 10 * i + j, tags: ['a', { n: i } as never] }))))));
  }
  for (let i = 0; i < 4; i++) {
    await ledger.execute(async (tx) => {
      await tx.update('Account', accounts[i], { owner: `o${i}-moved`, balance: 1000 + i });
      await tx.insert('Transfer', { from: accounts[i], to: accounts[i + 1], amount: i + 0.5 });
      tx.appendEvents([{ type: 'Moved', account: accounts[i], at: i }]);
      tx.annotate({ actor: `user-${i}` });
    });
  }
  await ledger.execute((tx) => tx.delete('Account', accounts[7]));
  await ledger.execute((tx) => tx.appendEvents([{ type: 'Audited' }, { type: 'Closed', accounts: 11 }]));
  expect((await ledger.verify()).valid).toBe(true);
  await ledger.close();
  return path;
}
