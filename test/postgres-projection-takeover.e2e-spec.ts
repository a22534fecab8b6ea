// Two processes run the same projections on one PostgreSQL ledger: the first holds them (the
// second stands by and handles nothing), and when the first is killed with SIGKILL the second
// takes them over through the advisory locks the server freed with the dead session, before the
// killed one's lease would have expired; between them no event is missed, and the exactly-once
// projection applied each event once.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { EventStore, Ledger, newJournalId, type EventPosition, type PostgresStorageOptions } from 'nestjs-ledger';
import { removeTempLedgers, storageAt, tempLedgerPath } from '../libs/ledger/src/engine/test-ledger.fixture';
import { tempFilePath } from '../libs/ledger/src/engine/test-storage.fixture';
import { selectCheckpoint, type CheckpointRow } from '../libs/ledger/src/storage';
import { Deposit, depositBus, until } from '../libs/ledger/src/projections/projection.fixture';

const root = join(__dirname, '..');
/** The first holder's lease: a row lease would change hands only ten minutes after its last renewal, far past the test's timeout. */
const HOLDER_LEASE_MS = 600_000;
/** The second process's: it retries every second while it stands by. */
const STANDBY_LEASE_MS = 2_000;
afterAll(removeTempLedgers);

const lines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : []);

function runProjections(storage: object, file: string, leaseMs: number): { child: ChildProcess; exited: Promise<NodeJS.Signals | number | null> } {
  const args = ['-r', './test/support/register-ts.js', 'test/support/projection-runner.child.ts', JSON.stringify(storage), file, String(leaseMs)];
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  return { child, exited: new Promise((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code))) };
}

/** How many lease sessions (one per process that asked for a projection) are open on the server. */
function leaseSessions(): Promise<number> {
  const client = new Client(process.env.LEDGER_TEST_POSTGRES_URL);
  return client
    .connect()
    .then(() => client.query<{ n: string }>("SELECT COUNT(*) AS n FROM pg_stat_activity WHERE application_name = 'nestjs-ledger-lease'"))
    .then(({ rows }) => Number(rows[0].n))
    .finally(() => client.end());
}

describe('projections run by two processes on PostgreSQL', () => {
  it('are taken over at once when their holder is killed with SIGKILL: no event missed, none applied twice', async () => {
    const storage = storageAt(tempLedgerPath()) as PostgresStorageOptions;
    const ledger = await Ledger.open({ name: 'test', storage });
    const store = new EventStore(ledger);
    const bus = depositBus(store);
    const account = newJournalId();
    for (let n = 0; n < 20; n++) await bus.execute(new Deposit(account, 1, 5));
    const checkpoint = (name: string) => ledger.readDatabase((query) => selectCheckpoint(query, name)) as Promise<CheckpointRow | undefined>;

    const sessionsBefore = await leaseSessions();
    const fileA = tempFilePath('positions-a');
    const fileB = tempFilePath('positions-b');
    const first = runProjections(storage, fileA, HOLDER_LEASE_MS);
    await until(async () => lines(fileA).length, (n) => n >= 50, 'the first process to run');
    const second = runProjections(storage, fileB, STANDBY_LEASE_MS);
    await until(leaseSessions, (n) => n >= sessionsBefore + 2, 'the second process to ask for the projections');
    for (let n = 0; n < 10; n++) await bus.execute(new Deposit(account, 2, 5));
    const held = await checkpoint('positions');
    expect(held?.owner).toContain(`:${first.child.pid}:`);
    expect(lines(fileB)).toEqual([]);

    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    for (let n = 0; n < 10; n++) await bus.execute(new Deposit(account, 3, 5));
    const taken = await until(() => checkpoint('positions'), (row) => row?.owner?.includes(`:${second.child.pid}:`) === true, 'the takeover');
    expect(Number(taken!.leaseExpiresAt) - STANDBY_LEASE_MS).toBeLessThan(Number(held!.leaseExpiresAt));

    const journal: EventPosition[] = [];
    for await (const event of store.events()) journal.push(event.position);
    const last = journal[journal.length - 1];
    const reached = (row: CheckpointRow | undefined) => Number(row?.nextSequenceNo) === last.sequenceNo && Number(row?.nextIndex) === last.index + 1;
    await until(() => checkpoint('positions'), reached, 'positions to reach the end');
    await until(() => checkpoint('balances'), reached, 'balances to reach the end');
    second.child.kill('SIGKILL');
    await second.exited;

    const handled = new Set([...lines(fileA), ...lines(fileB)]);
    expect(journal.filter((p) => !handled.has(`${p.sequenceNo}:${p.index}`))).toEqual([]);
    expect(lines(fileB).length).toBeGreaterThan(0);
    const applied = await ledger.readDatabase((query) => query<{ s: number; i: number }>('SELECT sequence_no AS s, event_index AS i FROM balance_events ORDER BY s, i'));
    expect(applied.map((row) => ({ sequenceNo: Number(row.s), index: Number(row.i) }))).toEqual(journal);
    await ledger.close();
  });
});
