// Live streams across instances on PostgreSQL through LISTEN/NOTIFY: with the tip poll slowed to
// once in ten minutes, a stream still receives another process's commits as they happen (each commit
// notifies the ledger's channel); its LISTEN connection killed with pg_terminate_backend, the
// stream catches up with what was committed meanwhile and goes on over a new connection; and the
// connection is closed once nothing watches.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { Ledger, verifyBlock, type PostgresStorageOptions, type StreamRecord } from 'nestjs-ledger';
import { removeTempLedgers, storageAt, tempLedgerPath } from '../libs/ledger/src/engine/test-ledger.fixture';
import { tempFilePath } from '../libs/ledger/src/engine/test-storage.fixture';
import { expectContiguous, RecordCollector } from '../libs/ledger/src/streams/stream-test.fixture';

const root = join(__dirname, '..');
const TEN_MINUTES = 600_000;
afterAll(removeTempLedgers);

function startWriter(storage: PostgresStorageOptions, ack: string, commits: number): { child: ChildProcess; exited: Promise<number | NodeJS.Signals> } {
  const args = ['-r', './test/support/register-ts.js', 'test/support/ledger-writer.child.ts', JSON.stringify(storage), ack, String(commits), '2'];
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  const exited = new Promise<number | NodeJS.Signals>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(signal ?? code ?? -1));
  });
  return { child, exited };
}

function acknowledged(ack: string): string[] {
  return existsSync(ack) ? readFileSync(ack, 'utf8').trim().split('\n').filter(Boolean) : [];
}

function childItems(records: readonly StreamRecord[], pid: number | undefined): string[] {
  return records.flatMap((r) => (r.recordType === 'REVISION_DETAILS' && r.payload.revision.data?.pid === pid ? [r.payload.revision.metadata!.id] : []));
}

async function admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client(process.env.LEDGER_TEST_POSTGRES_URL);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The server pids of the connections listening for `schema`'s tip. */
function listeners(schema: string): Promise<number[]> {
  return admin(async (client) => {
    const { rows } = await client.query<{ pid: number }>(
      "SELECT pid FROM pg_stat_activity WHERE application_name = 'nestjs-ledger-listen' AND query = $1 ORDER BY pid",
      [`LISTEN ledger_tip_${schema}`],
    );
    return rows.map((row) => row.pid);
  });
}

async function eventually<T>(read: () => Promise<T>, holds: (value: T) => boolean): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const value = await read();
    if (holds(value) || attempt === 100) return value;
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
    const writer = startWriter(storage, ack, 40);
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

    const ack = tempFilePath('acks');
    const writer = startWriter(storage, ack, 150);
    await collector.until((records) => childItems(records, writer.child.pid).length >= 20);
    const terminated = await admin((client) => client.query<{ ok: boolean }>('SELECT pg_terminate_backend($1) AS ok', [killed]));
    expect(terminated.rows[0].ok).toBe(true);
    const streamedBeforeKill = childItems(collector.records, writer.child.pid).length;

    expect(await writer.exited).toBe(0);
    await collector.until((records) => childItems(records, writer.child.pid).length === 150);
    expect(streamedBeforeKill).toBeLessThan(150);
    expect(new Set(childItems(collector.records, writer.child.pid))).toEqual(new Set(acknowledged(ack)));
    const blocks = expectContiguous(collector.records, first, first + 149);
    expect(blocks.filter((b) => !verifyBlock(b).valid)).toEqual([]);
    const now = await eventually(() => listeners(schema), (pids) => pids.length === 1 && pids[0] !== killed);
    expect(now).toHaveLength(1);
    expect(now[0]).not.toBe(killed);

    const tip = (await ledger.getDigest()).digestTipAddress.sequenceNo;
    const later = startWriter(storage, tempFilePath('acks'), 5);
    expect(await later.exited).toBe(0);
    await collector.until((records) => childItems(records, later.child.pid).length === 5);
    expectContiguous(collector.records, first, tip + 5);

    collector.unsubscribe();
    await ledger.close();
  });
});
