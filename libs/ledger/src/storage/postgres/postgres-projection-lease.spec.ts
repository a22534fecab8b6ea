// Projection leases on PostgreSQL as session advisory locks: one holder per projection across
// ledgers opened by different instances, taken over at once when the holder's session is killed
// (pg_terminate_backend) or closed, long before its row's expiry; the old holder then holds
// nothing, and its checkpoint writes change nothing.
import { createHash } from 'node:crypto';
import { Ledger } from '../../engine/ledger';
import { removeTempLedgers, storageAt, tempLedgerPath } from '../../engine/test-ledger.fixture';
import { rawQuery } from '../../engine/test-storage.fixture';
import { advanceCheckpoint, selectCheckpoint } from '../checkpoint-repository';

afterAll(removeTempLedgers);

const A_MINUTE = 60_000;

/** The server pids holding `projection`'s advisory lock in `schema`. */
function holders(schema: string, projection: string): Promise<number[]> {
  const key = createHash('sha256').update(`${schema}\u0000${projection}`).digest().readUInt32BE(0);
  return rawQuery<{ pid: number }>(schema, "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = ? AND objid = ? AND objsubid = 2", [
    0x4c50524a,
    key,
  ]).then((rows) => rows.map((row) => row.pid));
}

async function twoInstances(): Promise<{ schema: string; a: Ledger; b: Ledger }> {
  const schema = tempLedgerPath();
  const a = await Ledger.open({ name: 'test', storage: storageAt(schema) });
  const b = await Ledger.open({ name: 'test', storage: storageAt(schema) });
  return { schema, a, b };
}

const ownerOf = (ledger: Ledger, projection: string) => ledger.readDatabase((query) => selectCheckpoint(query, projection)).then((row) => row?.owner);

describe('PostgreSQL projection leases', () => {
  it('let one instance hold a projection, and another take it over at once when the holder session is killed', async () => {
    const { schema, a, b } = await twoInstances();
    expect(await a.projectionLease.acquire('balances', 'A', A_MINUTE)).toBe(true);
    expect(await b.projectionLease.acquire('balances', 'B', A_MINUTE)).toBe(false);
    expect(await a.projectionLease.acquire('balances', 'A', A_MINUTE)).toBe(true);
    expect(await ownerOf(a, 'balances')).toBe('A');
    const [holder] = await holders(schema, 'balances');
    expect(await holders(schema, 'balances')).toEqual([holder]);

    await rawQuery(schema, 'SELECT pg_terminate_backend(?)', [holder]);
    expect(await b.projectionLease.acquire('balances', 'B', A_MINUTE)).toBe(true);
    expect(await ownerOf(b, 'balances')).toBe('B');
    expect(await holders(schema, 'balances')).not.toContain(holder);

    expect(await a.projectionLease.acquire('balances', 'A', A_MINUTE)).toBe(false);
    const moved = await a.writeDatabase((query) => advanceCheckpoint(query, 'balances', 'A', { sequenceNo: 0, index: 0 }, { sequenceNo: 1, index: 0 }));
    expect(moved).toBe(false);
    await a.close();
    await b.close();
  });

  it('lock each projection on its own, and free it on release or close', async () => {
    const { schema, a, b } = await twoInstances();
    expect(await a.projectionLease.acquire('one', 'A', A_MINUTE)).toBe(true);
    expect(await b.projectionLease.acquire('two', 'B', A_MINUTE)).toBe(true);
    expect(await b.projectionLease.acquire('one', 'B', A_MINUTE)).toBe(false);

    await a.projectionLease.release('one', 'A');
    expect(await ownerOf(a, 'one')).toBeNull();
    expect(await holders(schema, 'one')).toEqual([]);
    expect(await b.projectionLease.acquire('one', 'B', A_MINUTE)).toBe(true);
    expect(await a.projectionLease.acquire('two', 'A', A_MINUTE)).toBe(false);

    await b.close();
    expect(await a.projectionLease.acquire('two', 'A', A_MINUTE)).toBe(true);
    expect(await ownerOf(a, 'two')).toBe('A');
    await a.close();
    expect(await holders(schema, 'two')).toEqual([]);
  });
});
