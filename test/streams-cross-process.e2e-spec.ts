// Live streams across processes: a child process commits to the same ledger (an SQLite file, or a
// PostgreSQL schema) and the parent's stream, subscribed from 'now', receives exactly those blocks
// in order, each verifying; a child killed with SIGKILL mid-stream leaves the stream whole.
import { Ledger, type StorageOptions } from 'nestjs-ledger';
import { verifyBlock } from 'nestjs-ledger/verify';
import { removeTempLedgers, storageAt, tempLedgerPath } from '../libs/ledger/src/engine/test-ledger.fixture';
import { tempFilePath } from '../libs/ledger/src/engine/test-storage.fixture';
import { expectContiguous, RecordCollector } from '../libs/ledger/src/streams/stream-test.fixture';
import { acknowledged, childItems, startWriter } from './support/writer-process';

afterAll(removeTempLedgers);

async function itemLedger(storage: StorageOptions): Promise<Ledger> {
  const ledger = await Ledger.open({ name: 'test', storage: { ...storage, tipPollIntervalMs: 2 } });
  await ledger.execute((tx) => tx.createTable('Item'));
  return ledger;
}

describe('a stream following commits of another process', () => {
  it("receives every block the other process commits, in order, each rebuilt and verified", async () => {
    const storage = storageAt(tempLedgerPath());
    const ledger = await itemLedger(storage);
    const first = (await ledger.getDigest()).digestTipAddress.sequenceNo + 1;
    const collector = new RecordCollector(ledger.stream({ from: 'now' }));
    const ack = tempFilePath('acks');
    const writer = startWriter(storage, ack, 60, 4);
    expect(await writer.exited).toBe(0);
    const ids = acknowledged(ack);
    expect(ids).toHaveLength(60);
    await collector.until((records) => childItems(records, writer.child.pid).length === 60);
    expect(new Set(childItems(collector.records, writer.child.pid))).toEqual(new Set(ids));
    const blocks = expectContiguous(collector.records, first, first + 59);
    expect(blocks.filter((b) => !verifyBlock(b).valid)).toEqual([]);
    collector.unsubscribe();
    await ledger.close();
  });

  it('stays whole when the other process is killed with SIGKILL mid-stream: every committed block, no more', async () => {
    const storage = storageAt(tempLedgerPath());
    const ledger = await itemLedger(storage);
    const first = (await ledger.getDigest()).digestTipAddress.sequenceNo + 1;
    const collector = new RecordCollector(ledger.stream({ from: 'now', pageSize: 16 }));
    const ack = tempFilePath('acks');
    const writer = startWriter(storage, ack, 1_000_000, 4);
    await collector.until((records) => childItems(records, writer.child.pid).length >= 40);
    writer.child.kill('SIGKILL');
    expect(await writer.exited).toBe('SIGKILL');
    const tip = (await ledger.getDigest()).digestTipAddress.sequenceNo;
    await collector.untilBlock(tip);
    const blocks = expectContiguous(collector.records, first, tip);
    expect(blocks.filter((b) => !verifyBlock(b).valid)).toEqual([]);
    const streamed = new Set(childItems(collector.records, writer.child.pid));
    expect(acknowledged(ack).filter((id) => !streamed.has(id))).toEqual([]);
    expect(streamed.size).toBe(tip - first + 1);
    collector.unsubscribe();
    await ledger.close();
  });
});
