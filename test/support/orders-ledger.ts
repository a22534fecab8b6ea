// A small closed SQLite ledger for the export, import and backup crash specs: a table and 60 inserts of one
// block each (61 blocks), with the digest at its tip.
import { Ledger } from 'nestjs-ledger';

/** Creates the ledger at `database`, closes it, and returns its digest. */
export async function ordersLedger(database: string): Promise<Uint8Array> {
  const ledger = await Ledger.open({ name: 'orders', storage: { type: 'sqlite', database } });
  try {
    await ledger.execute((tx) => tx.createTable('Orders'));
    for (let i = 0; i < 60; i++) await ledger.execute((tx) => tx.insert('Orders', { n: i, note: 'x'.repeat(100) }));
    return (await ledger.getDigest()).digest;
  } finally {
    await ledger.close();
  }
}
