// The ledger that writer processes (ledger-writer.child.ts) write into: table Item for their items,
// and table Counter holding the one counter each transaction may also increment.
import { Ledger, type StorageOptions } from 'nestjs-ledger';

/** Creates the writers' tables in a new ledger at `storage`; the counter's document id. */
export async function prepareWriterLedger(storage: StorageOptions): Promise<string> {
  const setup = await Ledger.open({ name: 'test', storage });
  try {
    return await setup.execute((tx) => {
      tx.createTable('Item');
      tx.createTable('Counter');
      return tx.insert('Counter', { value: 0 });
    });
  } finally {
    await setup.close();
  }
}
