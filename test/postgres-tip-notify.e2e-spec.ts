// Live streams across instances on PostgreSQL through LISTEN/NOTIFY: with the tip poll slowed to
// once in ten minutes, a stream still receives another process's commits as they happen (each commit
// notifies the ledger's channel); its LISTEN connection killed with pg_terminate_backend at a known
// point (a writer stopped before its first write by the ledger's lock, which the test holds and
// then lets go), the stream catches up with what was committed meanwhile and goes on over a new connection; and the
// connection is closed once nothing watches. Only writes that append blocks notify, with their new tip.
import { Client } from 'pg';
import { Ledger, type PostgresStorageOptions } from 'nestjs-ledger';
import { verifyBlock } from 'nestjs-ledger/verify';
import { removeTempLedgers, storageAt, tempLedgerPath } from '../libs/ledger/src/engine/test-ledger.fixture';
import { rawQuery, tempFilePath } from '../libs/ledger/src/engine/test-storage.fixture';
import { expectContiguous, RecordCollector } from '../libs/ledger/src/streams/stream-test.fixture';
import { LedgerLockGate } from './support/ledger-lock-gate';
import { acknowledged, childItems, startWriter } from './support/writer-process';

const TEN_MINUTES = 600_000;
afterAll(removeTempLedgers);

/** The server pids of the connections listening for `schema`'s tip. */
async function listeners(schema: string): Promise<number[]> {
  const rows = await rawQuery<{ pid: number }>(
    schema,
    "SELECT pid FROM pg_stat_activity WHERE application_name = 'nestjs-ledger-listen' AND query = ? ORDER BY pid",
    [`LISTEN ledger_tip_${schema}`],
  );
  return rows.map((row) => row.pid);
}

/** Reads every 100 ms until `holds` holds for what `read` returned, and returns that (the test's timeout bounds a hang). */
async function eventually<T>(read: () => Promise<T>, holds: (value: T) => boolean): Promise<T> {
  for (;;) {
    const value = await read();
    if (holds(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function openWatchedLedger(): Promise<{ ledger: Ledger; storage: PostgresStorageOptions; schema: string }> {
  const storage = storageAt(tempLedgerPath()) as PostgresStorageOptions;
  const ledger = await Ledger.open({ name: 'test', storage: { ...storage, tipPollIntervalMs: TEN_MINUTES } });
  await ledger.execute((tx) => tx.createTable('Item'));
  return { ledger, storage, schema: storage.schema as string };
}

describe('PostgreSQL live streams through LISTEN/NOTIFY', () => {
  it("deliver another process's commits with the poll slowed to once in ten minutes, and close the LISTEN connection when nothing watches", async () => {
    const { ledger, storage, schema } = await openWatchedLedger();
    const first = (await ledger.getDigest()).digestTipAddress.sequenceNo + 1;
    const collector = new RecordCollector(ledger.stream({ from: 'now' }));
    expect(await eventually(() => listeners(schema), (pids) => pids.length === 1)).toHaveLength(1);

    const ack = tempFilePath('acks');
    const writer = startWriter(storage, ack, 40, 2);
    expect(await writer.exited).toBe(0);
    await collector.until((records) => childItems(records, writer.child.pid).length === 40);
    expect(new Set(childItems(collector.records, writer.child.pid))).toEqual(new Set(acknowledged(ack)));
    const blocks = expectContiguous(collector.records, first, first + 39);
    expect(blocks.filter((b) => !verifyBlock(b).valid)).toEqual([]);

    collector.unsubscribe();
    expect(await eventually(() => listeners(schema), (pids) => pids.length === 0)).toEqual([]);
    await ledger.close();
  });

  it('catch up with what was committed while the LISTEN connection was killed (pg_terminate_backend), then go on over a new one', async () => {
    const { ledger, storage, schema } = await openWatchedLedger();
    const first = (await ledger.getDigest()).digestTipAddress.sequenceNo + 1;
    const collector = new RecordCollector(ledger.stream({ from: 'now' }));
    const [killed] = await eventually(() => listeners(schema), (pids) => pids.length === 1);

    const ackBefore = tempFilePath('acks');
    const before = startWriter(storage, ackBefore, 20, 2);
    expect(await before.exited).toBe(0);
    await collector.until((records) => childItems(records, before.child.pid).length === 20);
    const gate = await LedgerLockGate.close(process.env.LEDGER_TEST_POSTGRES_URL!, schema);
    const ackAfter = tempFilePath('acks');
    const after = startWriter(storage, ackAfter, 130, 2);
    await gate.waiter(); // the second writer stands before its first write
    const [terminated] = await rawQuery<{ ok: boolean }>(schema, 'SELECT pg_terminate_backend(?) AS ok', [killed]);
    expect(terminated.ok).toBe(true);
    const streamedBeforeKill = childItems(collector.records, before.child.pid).length + childItems(collector.records, after.child.pid).length;
    await gate.open();

    expect(await after.exited).toBe(0);
    await collector.until((records) => childItems(records, after.child.pid).length === 130);
    expect(streamedBeforeKill).toBe(20);
    const streamed = [...childItems(collector.records, before.child.pid), ...childItems(collector.records, after.child.pid)];
    expect(new Set(streamed)).toEqual(new Set([...acknowledged(ackBefore), ...acknowledged(ackAfter)]));
    const blocks = expectContiguous(collector.records, first, first + 149);
    expect(blocks.filter((b) => !verifyBlock(b).valid)).toEqual([]);
    const now = await eventually(() => listeners(schema), (pids) => pids.length === 1 && pids[0] !== killed);
    expect(now).toHaveLength(1);
    expect(now[0]).not.toBe(killed);

    const tip = (await ledger.getDigest()).digestTipAddress.sequenceNo;
    const later = startWriter(storage, tempFilePath('acks'), 5, 2);
    expect(await later.exited).toBe(0);
    await collector.until((records) => childItems(records, later.child.pid).length === 5);
    expectContiguous(collector.records, first, tip + 5);

    collector.unsubscribe();
    await ledger.close();
  });

  it('notify each commit batch with its new tip, and nothing for writes that append no block', async () => {
    const { ledger, schema } = await openWatchedLedger();
    const heard: string[] = [];
    const listener = new Client(process.env.LEDGER_TEST_POSTGRES_URL);
    await listener.connect();
    listener.on('notification', (message) => heard.push(message.payload as string));
    await listener.query(`LISTEN ledger_tip_${schema}`);

    const { block: first } = await ledger.transact((tx) => tx.insert('Item', { n: 1 }));
    await ledger.execute((tx) => tx.find('Item', { n: 1 }));
    await ledger.writeDatabase((query) => query('CREATE TABLE read_model (n INTEGER)'));
    await ledger.writeDatabase((query) => query('INSERT INTO read_model (n) VALUES (1)'));
    const { block: second } = await ledger.transact((tx) => tx.insert('Item', { n: 2 }));
    await eventually(
      () => Promise.resolve(heard.length),
      (count) => count >= 2,
    );
    expect(heard).toEqual([String(first?.blockAddress.sequenceNo), String(second?.blockAddress.sequenceNo)]);

    await listener.end();
    await ledger.close();
  });
});
