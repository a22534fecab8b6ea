// Pages of the journal for bulk reads hold at most REVISIONS_PER_PAGE revisions unless one block
// alone holds more, so that verify() and an export keep memory flat whatever the revisions per
// block: on a ledger of eight blocks of 700 documents and one of 2,500 (real storage: an SQLite
// file, or PostgreSQL in the postgres project), a page of 700-revision blocks ends after two of
// them, the 2,500-revision block is a page alone, no query of verify() returns more rows than that
// block holds, and verify() finds the ledger sound; a stream's follower reads pages bounded the same
// way and still hands over every block in order.
import { openStorage, type SqlQuery } from '../storage';
import { lastBlockOfPage, REVISIONS_PER_PAGE } from './journal-rows';
import { verifyLedger } from './ledger-verifier';
import { openTestLedger, removeTempLedgers, storageAt, tempLedgerPath } from './test-ledger.fixture';

afterAll(removeTempLedgers);

const BLOCKS = 8;
const PER_BLOCK = 700;
const LARGE_BLOCK = 2_500;

/** `query`, recording how many rows each statement returned. */
function counted(query: SqlQuery, returned: number[]): SqlQuery {
  return async <Row>(sql: string, parameters?: readonly unknown[], name?: string) => {
    const rows = await query<Row>(sql, parameters, name);
    returned.push(rows.length);
    return rows;
  };
}

/** Commits one block of `documents` inserts; its sequence number. */
async function insertBlock(ledger: Awaited<ReturnType<typeof openTestLedger>>, documents: number): Promise<number> {
  await ledger.execute((tx) => {
    for (let n = 0; n < documents; n++) tx.insert('Item', { n });
  });
  return (await ledger.getDigest()).digestTipAddress.sequenceNo;
}

describe('pages of the journal for bulk reads', () => {
  it('end before the revisions pass REVISIONS_PER_PAGE, a larger block alone, and neither verify() nor a stream reads more at once', async () => {
    expect(2 * PER_BLOCK).toBeLessThanOrEqual(REVISIONS_PER_PAGE);
    expect(3 * PER_BLOCK).toBeGreaterThan(REVISIONS_PER_PAGE);
    expect(LARGE_BLOCK).toBeGreaterThan(REVISIONS_PER_PAGE);
    const location = tempLedgerPath('journal-pages');
    const ledger = await openTestLedger(location, { limits: { documentsPerTransaction: LARGE_BLOCK } });
    await ledger.execute((tx) => tx.createTable('Item'));
    const blocks: number[] = [];
    for (let b = 0; b < BLOCKS; b++) blocks.push(await insertBlock(ledger, PER_BLOCK));
    const large = await insertBlock(ledger, LARGE_BLOCK);
    const tip = await insertBlock(ledger, 1);
    const follower = ledger.followJournal({ from: 0, revisions: true, pageSize: 100, highWaterMark: 100 });
    const followed: number[][] = [];
    while (followed.flat().length <= tip) followed.push((await follower.nextPage()).map((block) => block.blockAddress.sequenceNo));
    follower.stop();
    await ledger.close();
    expect(followed.flat()).toEqual(Array.from({ length: tip + 1 }, (_, n) => n));
    expect(followed.map((page) => page[page.length - 1])).toEqual([blocks[1], blocks[3], blocks[5], blocks[7], large, tip]);

    const storage = await openStorage(storageAt(location));
    try {
      const returned: number[] = [];
      const [pageEnds, verification] = await storage.read(async (query) => [
        [
          await lastBlockOfPage(query, 0, 100, tip),
          await lastBlockOfPage(query, blocks[0], 100, tip),
          await lastBlockOfPage(query, blocks[6], 100, tip),
          await lastBlockOfPage(query, large, 100, tip),
          await lastBlockOfPage(query, blocks[0], 1, tip),
          await lastBlockOfPage(query, tip, 100, tip),
        ],
        await verifyLedger(counted(query, returned), { all: true }),
      ] as const);
      expect(pageEnds).toEqual([blocks[1], blocks[1], blocks[7], large, blocks[0], tip]);
      expect(verification).toMatchObject({ valid: true, problems: [], blocksVerified: tip + 1 });
      expect(Math.max(...returned)).toBe(LARGE_BLOCK);
    } finally {
      await storage.close();
    }
  });
});
