import { verifyChain, type Block } from '../journal';
import { OccConflictError, TableNotFoundError } from './errors';
import type { Ledger } from './ledger';
import { openTestLedger, removeTempLedgers, tempLedgerPath } from './test-ledger.fixture';
import { gate } from './gate.fixture';

afterAll(removeTempLedgers);

async function journal(ledger: Ledger): Promise<Block[]> {
  const { digestTipAddress } = await ledger.getDigest();
  const blocks: Block[] = [];
  for (let sequenceNo = 0; sequenceNo <= digestTipAddress.sequenceNo; sequenceNo++) {
    blocks.push((await ledger.getBlock({ strandId: ledger.strandId, sequenceNo })).block);
  }
  return blocks;
}

describe('optimistic concurrency', () => {
  let ledger: Ledger;
  let counterId: string;
  beforeEach(async () => {
    ledger = await openTestLedger();
    counterId = await ledger.execute((tx) => {
      tx.createTable('Counter');
      tx.createIndex('Counter', 'name');
      return tx.insert('Counter', { name: 'c', value: 0 });
    });
  });
  afterEach(() => ledger.close());

  const increment = (attempts: { count: number }, allRead = gate(1)) =>
    ledger.execute(async (tx) => {
      attempts.count++;
      const counter = await tx.get('Counter', counterId);
      await allRead();
      await tx.update('Counter', counterId, { name: 'c', value: (counter!.data.value as number) + 1 });
    });

  it('raises a conflict when what a transaction read changed, and retries it whole', async () => {
    const attempts = { count: 0 };
    const allRead = gate(2);
    await Promise.all([increment(attempts, allRead), increment(attempts, allRead)]);
    expect(attempts.count).toBe(3);
    expect((await ledger.execute((tx) => tx.get('Counter', counterId)))!.data.value).toBe(2);
  });

  it('surfaces OccConflictError after the last retry', async () => {
    const noRetry = { retry: { maxRetries: 0 } };
    const allRead = gate(2);
    const read = async (tx: Parameters<Parameters<Ledger['execute']>[0]>[0]) => {
      const counter = await tx.get('Counter', counterId);
      await allRead();
      return counter;
    };
    const results = await Promise.allSettled([
      ledger.execute(async (tx) => tx.update('Counter', counterId, { ...(await read(tx))!.data, value: 10 }), noRetry),
      ledger.execute(async (tx) => tx.update('Counter', counterId, { ...(await read(tx))!.data, value: 20 }), noRetry),
    ]);
    const rejected = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
    expect(rejected).toHaveLength(1);
    expect(rejected[0].reason).toBeInstanceOf(OccConflictError);
    expect(rejected[0].reason.message).toMatch(/gave up after 1 attempts/);
  });

  it('detects a phantom: a document that joins an index lookup after it was read', async () => {
    const attempts = { count: 0 };
    const allRead = gate(3);
    const createIfAbsent = () =>
      ledger.execute(async (tx) => {
        attempts.count++;
        const existing = await tx.find('Counter', { name: 'unique' });
        await allRead();
        if (existing.length === 0) tx.insert('Counter', { name: 'unique', value: 1 });
      });
    await Promise.all([createIfAbsent(), createIfAbsent(), createIfAbsent()]);
    expect(await ledger.execute((tx) => tx.find('Counter', { name: 'unique' }))).toHaveLength(1);
    expect(attempts.count).toBeGreaterThan(3);
  });

  it('detects a scan whose table changed', async () => {
    const sumInto = (name: string) =>
      ledger.execute(async (tx) => {
        const all = await tx.scan('Counter');
        await new Promise((resolve) => setImmediate(resolve));
        tx.insert('Counter', { name, value: all.length });
      });
    await Promise.all([sumInto('a'), sumInto('b')]);
    const values = (await ledger.execute((tx) => tx.scan('Counter'))).map((d) => d.data.value).sort();
    expect(values).toEqual([0, 1, 2]);
  });

  it('keeps 200 concurrent increments exact, in one unbroken chain, with group commit', async () => {
    const attempts = { count: 0 };
    const uniqueWriters = Array.from({ length: 100 }, (_, i) => ledger.execute((tx) => tx.insert('Counter', { name: `n${i}`, value: i })));
    const increments = Array.from({ length: 100 }, () => increment(attempts).catch((e) => e));
    const outcomes = await Promise.all([...uniqueWriters, ...increments]);
    const failures = outcomes.filter((o) => o instanceof Error);
    expect(failures.every((f) => f instanceof OccConflictError)).toBe(true);
    const value = (await ledger.execute((tx) => tx.get('Counter', counterId)))!.data.value;
    expect(value).toBe(100 - failures.length);
    const blocks = await journal(ledger);
    expect(verifyChain(blocks)).toEqual({ valid: true, problems: [] });
    expect(blocks).toHaveLength(2 + 100 + (100 - failures.length));
    const { blocks: committed, batches } = ledger.commitStats;
    expect(committed).toBe(blocks.length - 1);
    expect(batches).toBeLessThan(committed);
    expect((await ledger.verify()).valid).toBe(true);
  });
});

describe('tables created through another ledger instance (another process)', () => {
  it('are found by this instance\'s next statement and transaction, which catch the catalog up first', async () => {
    const location = tempLedgerPath();
    const [first, second] = [await openTestLedger(location), await openTestLedger(location)];
    try {
      await first.query('CREATE TABLE Shipment');
      await first.query("INSERT INTO Shipment VALUE {'tracking': 'TRK-1'}");
      expect(await second.query('SELECT VALUE s.tracking FROM Shipment AS s')).toEqual(['TRK-1']);
      await first.execute((tx) => tx.createTable('Carrier'));
      await expect(second.execute((tx) => tx.insert('Carrier', { name: 'north' }))).resolves.toEqual(expect.any(String));
      await expect(second.query('SELECT * FROM NoSuchTable')).rejects.toThrow(new TableNotFoundError('NoSuchTable'));
      expect((await second.verify()).valid).toBe(true);
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });

  it('leave one chain when the instances commit in turn, a write beside the journal between them included', async () => {
    const location = tempLedgerPath();
    const [first, second] = [await openTestLedger(location), await openTestLedger(location)];
    try {
      await first.execute((tx) => tx.createTable('Parcel'));
      await first.execute((tx) => tx.insert('Parcel', { n: 1 }));
      await second.execute((tx) => tx.insert('Parcel', { n: 2 }));
      expect(await first.projectionLease.acquire('parcels', 'first', 60_000)).toBe(true); // on SQLite, a write of this instance's storage that appends nothing
      await first.execute((tx) => tx.insert('Parcel', { n: 3 }));
      await second.execute((tx) => tx.insert('Parcel', { n: 4 }));
      await Promise.all([1, 2].map((n) => first.execute((tx) => tx.insert('Parcel', { n: 4 + n }))));
      const blocks = await journal(second);
      expect(verifyChain(blocks)).toEqual({ valid: true, problems: [] });
      expect(blocks).toHaveLength(8);
      expect(await second.query('SELECT VALUE p.n FROM Parcel AS p ORDER BY p.n')).toEqual([1, 2, 3, 4, 5, 6]);
      expect((await first.verify()).valid).toBe(true);
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });
});
