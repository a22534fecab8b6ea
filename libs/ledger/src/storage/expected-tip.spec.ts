// A write that expects the journal's tip (a writer building on its own last commit without reading
// the tip) on real storage (an SQLite file, or PostgreSQL in the postgres project): it commits when
// the tip is the one expected, and throws TipMovedError, committing nothing, when it is not, whether
// work queried the database or left every statement to the end; the storage writes on after it.
import { openTestLedger, removeTempLedgers, storageAt, tempLedgerPath } from '../engine/test-ledger.fixture';
import { selectBlocks, selectStrand, type StrandRow } from './ledger-repository';
import { openStorage } from './open-storage';
import type { JournalTip, SqlQuery, SqlStorage } from './sql-storage';
import { TipMovedError } from './tip-moved.error';

afterAll(removeTempLedgers);

const probeRows = async (storage: SqlStorage) => storage.read(async (query) => (await query<{ n: number }>('SELECT n FROM tip_probe ORDER BY n')).map((row) => Number(row.n)));

/** A write of `n` into tip_probe expecting `tip`: by work's own query, or by a statement of the write's end. */
const probe = (storage: SqlStorage, tip: JournalTip, n: number, by: 'work' | 'end') =>
  by === 'work'
    ? storage.write((query) => query('INSERT INTO tip_probe (n) VALUES (?)', [n]), undefined, { expectedTip: tip })
    : storage.write(async () => n, () => ({ statements: [{ sql: 'INSERT INTO tip_probe (n) VALUES (?)', parameters: [n] }] }), { expectedTip: tip });

describe('a write expecting the journal tip', () => {
  it.each(['work', 'end'] as const)('commits on the tip expected, and throws TipMovedError with nothing written on any other (statement by %s)', async (by) => {
    const location = tempLedgerPath();
    const ledger = await openTestLedger(location);
    const storage = await openStorage(storageAt(location));
    try {
      await ledger.execute((tx) => tx.createTable('Parcel'));
      await ledger.execute((tx) => tx.insert('Parcel', { n: 1 }));
      await storage.write((query) => query('CREATE TABLE tip_probe (n INTEGER NOT NULL)'));
      const tipOf = async (query: SqlQuery): Promise<JournalTip> => {
        const strand = (await selectStrand(query)) as StrandRow;
        return { sequenceNo: Number(strand.tipSequenceNo), blockHash: strand.tipBlockHash };
      };
      const tip = await storage.read(tipOf);
      const [before] = await storage.read((query) => selectBlocks(query, tip.sequenceNo - 1, tip.sequenceNo - 1));

      await expect(probe(storage, { sequenceNo: tip.sequenceNo - 1, blockHash: before.blockHash }, 1, by)).rejects.toThrow(TipMovedError);
      await expect(probe(storage, { sequenceNo: tip.sequenceNo, blockHash: new Uint8Array(32) }, 2, by)).rejects.toThrow(
        new TipMovedError(tip.sequenceNo),
      );
      await expect(probe(storage, { sequenceNo: tip.sequenceNo + 1, blockHash: tip.blockHash }, 3, by)).rejects.toThrow(TipMovedError);
      expect(await probeRows(storage)).toEqual([]);

      await probe(storage, tip, 4, by);
      expect(await probeRows(storage)).toEqual([4]);
      await ledger.execute((tx) => tx.insert('Parcel', { n: 2 })); // another writer moves the tip
      await expect(probe(storage, tip, 5, by)).rejects.toThrow(TipMovedError);
      await probe(storage, await storage.read(tipOf), 6, by);
      expect(await probeRows(storage)).toEqual([4, 6]);
    } finally {
      await storage.close();
      await ledger.close();
    }
  });
});
