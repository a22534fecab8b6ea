// Reads on real storage (an SQLite file, or PostgreSQL in the postgres project): a read of several
// statements sees one snapshot, whatever single-statement reads (which SQLite runs without a
// transaction of their own) run beside it, and a single-statement read sees what was committed.
import { gate } from '../engine/gate.fixture';
import { openTestLedger, removeTempLedgers, storageAt, tempLedgerPath } from '../engine/test-ledger.fixture';
import { openStorage } from './open-storage';
import type { SqlQuery, SqlStorage } from './sql-storage';

afterAll(removeTempLedgers);

const countDocuments = async (query: SqlQuery) => Number((await query<{ n: number | string }>('SELECT COUNT(*) AS n FROM ledger_document'))[0].n);

describe('reads of the ledger database', () => {
  it('see one snapshot across several statements while a single-statement read runs beside them', async () => {
    const location = tempLedgerPath();
    const writer = await openTestLedger(location);
    const storage: SqlStorage = await openStorage(storageAt(location));
    try {
      await writer.execute((tx) => tx.createTable('Parcel'));
      const bothStarted = gate(2);
      const single = storage.read(async (query) => (await bothStarted(), countDocuments(query)), { singleStatement: true });
      const several = storage.read(async (query) => {
        const before = await countDocuments(query);
        await bothStarted();
        await writer.execute((tx) => tx.insert('Parcel', { n: 1 })); // another connection commits between the two statements
        return [before, await countDocuments(query)];
      });
      const [one, [before, after]] = await Promise.all([single, several]);
      expect(after).toBe(before);
      expect(one).toBeGreaterThanOrEqual(before);
      expect(await storage.read(countDocuments, { singleStatement: true })).toBe(before + 1);
    } finally {
      await storage.close();
      await writer.close();
    }
  });
});
