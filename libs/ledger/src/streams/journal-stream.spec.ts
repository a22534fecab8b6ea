// Journal streams on real storage (SQLite files, or PostgreSQL in the postgres project): catch-up
// then live with writers committing meanwhile, the seam checked record by record, every block
// rebuilt from its records and verified; starts, kinds, paging limits, bad input, closing, tampering.
import { firstValueFrom, take, toArray } from 'rxjs';
import { InvalidArgumentError, LedgerClosedError, type Ledger } from '../engine';
import { StorageError } from '../storage';
import { removeTempLedgers, tempLedgerPath, openTestLedger } from '../engine/test-ledger.fixture';
import { testStorage } from '../engine/test-storage.fixture';
import { verifyBlock, verifyChain } from '../journal';
import { commitItems, expectContiguous, itemLedger, RecordCollector, tipOf } from './stream-test.fixture';
import type { StreamRecord } from './stream-record';

afterAll(removeTempLedgers);

describe('ledger.stream', () => {
  it('catches up, then follows live commits with no gap, duplicate or reordering while writers keep committing', async () => {
    const ledger = await itemLedger();
    await commitItems(ledger, 120, 8);
    const collector = new RecordCollector(ledger.stream({ pageSize: 7, highWaterMark: 3 }));
    const defaults = new RecordCollector(ledger.stream());
    await commitItems(ledger, 300, 16);
    const tip = await tipOf(ledger);
    await collector.untilBlock(tip);
    await defaults.untilBlock(tip);
    for (const { records } of [collector, defaults]) {
      const blocks = expectContiguous(records, 0, tip);
      expect(blocks).toHaveLength(tip + 1);
      for (const block of blocks) expect(verifyBlock(block)).toEqual({ valid: true, problems: [] });
      expect(verifyChain(blocks)).toEqual({ valid: true, problems: [] });
      const { block: stored } = await ledger.getBlock({ strandId: ledger.strandId, sequenceNo: tip });
      expect(blocks[tip].blockHash).toEqual(stored.blockHash);
    }
    collector.unsubscribe();
    defaults.unsubscribe();
    expect(ledger.activeStreams).toBe(0);
    await ledger.close();
  });

  it('subscribed from now, carries exactly the blocks committed after it, each rebuilt and verified', async () => {
    const ledger = await itemLedger();
    await commitItems(ledger, 5);
    const before = await tipOf(ledger);
    const collector = new RecordCollector(ledger.stream({ from: 'now' }));
    await commitItems(ledger, 40, 4);
    const tip = await tipOf(ledger);
    await collector.untilBlock(tip);
    const blocks = expectContiguous(collector.records, before + 1, tip);
    expect(blocks.map((b) => verifyBlock(b).valid)).toEqual(blocks.map(() => true));
    collector.unsubscribe();
    await ledger.close();
  });

  it('starts at a block sequenceNo, or at a position inclusive; a position past the block starts at the next block', async () => {
    const ledger = await itemLedger();
    await commitItems(ledger, 6);
    const first = (stream: ReturnType<Ledger['stream']>, n: number) => firstValueFrom(stream.pipe(take(n), toArray()));
    expect((await first(ledger.stream({ from: 4 }), 1))[0].position).toEqual({ sequenceNo: 4, index: 0 });
    const fromEvent = await first(ledger.stream({ from: { sequenceNo: 4, index: 2 } }), 2);
    expect(fromEvent.map((r) => [r.recordType, r.position])).toEqual([
      ['EVENT', { sequenceNo: 4, index: 2 }],
      ['BLOCK_SUMMARY', { sequenceNo: 5, index: 0 }],
    ]);
    expect((await first(ledger.stream({ from: { sequenceNo: 4, index: 3 } }), 1))[0].position).toEqual({ sequenceNo: 5, index: 0 });
    await ledger.close();
  });

  it('waits at a start beyond the tip until that block is committed', async () => {
    const ledger = await itemLedger();
    const tip = await tipOf(ledger);
    const collector = new RecordCollector(ledger.stream({ from: tip + 3 }));
    await commitItems(ledger, 2);
    expect(collector.records).toEqual([]);
    await commitItems(ledger, 2);
    await collector.untilBlock(tip + 4);
    expectContiguous(collector.records, tip + 3, tip + 4);
    collector.unsubscribe();
    await ledger.close();
  });

  it('carries only the kinds asked for; blocks$ and revisions$ carry summaries and revision details', async () => {
    const ledger = await itemLedger();
    await commitItems(ledger, 10, 3);
    const tip = await tipOf(ledger);
    const all = async (stream: ReturnType<Ledger['stream']>, n: number) => firstValueFrom(stream.pipe(take(n), toArray()));
    const events = await all(ledger.stream({ kinds: ['EVENT'] }), 10);
    expect(events.map((r) => [r.recordType, r.recordType === 'EVENT' && r.payload.event])).toEqual(Array.from({ length: 10 }, () => ['EVENT', { type: 'ItemAdded', n: expect.any(Number) }]));
    expect(new Set(events.map((r) => (r.recordType === 'EVENT' ? r.payload.event.n : -1)))).toEqual(new Set(Array.from({ length: 10 }, (_, n) => n)));
    const summaries = await firstValueFrom(ledger.blocks$().pipe(take(tip + 1), toArray()));
    expect(summaries.map((r) => r.payload.blockAddress.sequenceNo)).toEqual(Array.from({ length: tip + 1 }, (_, i) => i));
    const revisions = await firstValueFrom(ledger.revisions$({ from: 2 }).pipe(take(10), toArray()));
    expect(revisions.every((r) => r.payload.tableInfo?.tableName === 'Item' && r.position.index === 1)).toBe(true);
    const stored = (await ledger.getBlock({ strandId: ledger.strandId, sequenceNo: 2 })).block;
    expect(revisions[0].payload.revision).toEqual(stored.revisions![0]);
    await ledger.close();
  });

  it('refuses bad options with an InvalidArgumentError naming the value, before reading anything', async () => {
    const ledger = await itemLedger();
    const bad: Array<[unknown, RegExp]> = [
      [{ from: -1 }, /not -1/],
      [{ from: 'later' }, /not "later"/],
      [{ from: 1.5 }, /not 1\.5/],
      [{ from: { sequenceNo: 2 } }, /not \{"sequenceNo":2\}/],
      [{ kinds: [] }, /not \[\]/],
      [{ kinds: ['BLOCK_SUMMARY', 'CONTROL'] }, /not \["BLOCK_SUMMARY","CONTROL"\]/],
      [{ kinds: 'EVENT' }, /not "EVENT"/],
      [{ pageSize: 0 }, /not 0/],
      [{ highWaterMark: -2 }, /not -2/],
      ['start', /not "start"/],
    ];
    for (const [options, message] of bad) {
      expect(() => ledger.stream(options as never)).toThrow(InvalidArgumentError);
      expect(() => ledger.streamIterator(options as never)).toThrow(message);
    }
    expect(ledger.activeStreams).toBe(0);
    await ledger.close();
  });

  it('ends open streams with LedgerClosedError when the ledger closes, and streams of a closed ledger at once', async () => {
    const ledger = await itemLedger();
    await commitItems(ledger, 3);
    const live = new RecordCollector(ledger.stream({ from: 'now' }));
    const iterator = ledger.streamIterator({ from: 'now' });
    const pending = iterator.next();
    await ledger.close();
    await expect(live.until(() => false)).rejects.toThrow(LedgerClosedError);
    await expect(pending).rejects.toThrow(LedgerClosedError);
    await expect(firstValueFrom(ledger.stream())).rejects.toThrow(LedgerClosedError);
  });

  it('stops reading and watching when unsubscribed, and an iterator when broken out of', async () => {
    const ledger = await itemLedger();
    await commitItems(ledger, 3);
    const collector = new RecordCollector(ledger.stream());
    await collector.until((records) => records.length > 0);
    expect(ledger.activeStreams).toBe(1);
    collector.unsubscribe();
    expect(ledger.activeStreams).toBe(0);
    const seen = collector.records.length;
    await commitItems(ledger, 3);
    expect(collector.records).toHaveLength(seen);
    for await (const record of ledger.streamIterator({ from: 2 })) {
      expect(record.position).toEqual({ sequenceNo: 2, index: 0 });
      break;
    }
    expect(ledger.activeStreams).toBe(0);
    await ledger.close();
  });

  it('holds at most a page and the high-water mark for a slow consumer while commits pour in', async () => {
    const ledger = await itemLedger();
    const first = (await tipOf(ledger)) + 1;
    const iterator = ledger.streamIterator({ from: first, pageSize: 4, highWaterMark: 30 });
    const records: StreamRecord[] = [];
    const pending = iterator.next();
    await commitItems(ledger, 1);
    records.push((await pending).value as StreamRecord);
    const writing = commitItems(ledger, 300, 10);
    let most = { items: 0, blocks: 0 };
    for await (const record of iterator) {
      records.push(record);
      const held = iterator.buffered;
      most = { items: Math.max(most.items, held.items), blocks: Math.max(most.blocks, held.blocks) };
      await new Promise((resolve) => setImmediate(resolve));
      if (record.position.sequenceNo === first + 300 && record.recordType === 'EVENT') break;
    }
    await writing;
    expectContiguous(records, first, first + 300);
    expect(most.items).toBeLessThanOrEqual(4 * 3);
    expect(most.blocks).toBeLessThanOrEqual(30);
    expect(most.blocks).toBeGreaterThan(0);
    expect(ledger.activeStreams).toBe(0);
    await ledger.close();
  });

  it('hands over what is at hand at once with nextBatch, waiting only for the first item', async () => {
    const ledger = await itemLedger();
    await commitItems(ledger, 5);
    const tip = await tipOf(ledger);
    const iterator = ledger.streamIterator({ from: tip - 4, kinds: ['EVENT'] });
    const at = (records: StreamRecord[]) => records.map((r) => r.position.sequenceNo);
    expect(at(await iterator.nextBatch(3))).toEqual([tip - 4, tip - 3, tip - 2]);
    expect(at(await iterator.nextBatch(10))).toEqual([tip - 1, tip]);
    const pending = iterator.nextBatch(10);
    await commitItems(ledger, 1);
    expect(at(await pending)).toEqual([tip + 1]);
    await iterator.return();
    expect(await iterator.nextBatch(1)).toEqual([]);
    expect(ledger.activeStreams).toBe(0);
    await ledger.close();
  });

  it("errors with the storage's error when the journal cannot be read, and stops", async () => {
    const location = tempLedgerPath();
    const ledger = await openTestLedger(location);
    await ledger.execute((tx) => tx.createTable('Item'));
    const raw = await testStorage.raw(location);
    await raw.query('ALTER TABLE journal_block RENAME TO journal_block_moved');
    await raw.close();
    const collector = new RecordCollector(ledger.stream());
    const failure = collector.until(() => false);
    await expect(failure).rejects.toThrow(StorageError);
    await expect(failure).rejects.toThrow(/journal_block/);
    expect(collector.records).toEqual([]);
    expect(ledger.activeStreams).toBe(0);
    await ledger.close();
  });

  it('errors with what reading a tampered block raised', async () => {
    const location = tempLedgerPath();
    const ledger = await openTestLedger(location);
    await ledger.execute((tx) => tx.createTable('Item'));
    await commitItems(ledger, 3);
    const raw = await testStorage.raw(location);
    await raw.allowChanges('journal_block');
    await raw.query('UPDATE journal_block SET header = ? WHERE sequence_no = 2', [Buffer.from([0xe0, 0x01, 0x00, 0xea, 0x0f])]);
    await raw.close();
    const collector = new RecordCollector(ledger.stream());
    await expect(collector.until(() => false)).rejects.toThrow();
    expect(collector.records.every((r) => r.position.sequenceNo < 2)).toBe(true);
    expect(ledger.activeStreams).toBe(0);
    await ledger.close();
  });
});
