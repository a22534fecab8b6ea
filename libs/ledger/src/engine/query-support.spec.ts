// The engine features a query language builds on: range lookups through indexes (order keys),
// indexes on nested paths, paged scans, the committed view, and writes recorded under one statement.
import { Decimal, IonFloat, Timestamp, toIon } from '../ion';
import { statementDigest } from '../journal';
import { InvalidArgumentError, OccConflictError } from './errors';
import type { Ledger } from './ledger';
import type { IndexRange } from './index-range';
import { openTestLedger, removeTempLedgers, tempLedgerPath } from './test-ledger.fixture';
import { testStorage } from './test-storage.fixture';

afterAll(removeTempLedgers);

const between = (lower: unknown, upper: unknown, inclusive = true): IndexRange => ({
  lower: { value: lower as never, inclusive },
  upper: { value: upper as never, inclusive },
});
const equal = (value: unknown): IndexRange => between(value, value);

async function carLedger(path?: string): Promise<{ ledger: Ledger; ids: string[] }> {
  const ledger = await openTestLedger(path);
  const ids = await ledger.execute((tx) => {
    tx.createTable('Car');
    tx.createIndex('Car', 'Price');
    tx.createIndex('Car', ['Owner', 'Name']);
    const prices = [5, new Decimal('5.00'), new IonFloat(5), 7.5, new Decimal('12.25'), 2n ** 70n, 'cheap', null];
    return prices.map((Price, i) => tx.insert('Car', { Price, Owner: { Name: `owner${i % 3}` }, Sold: new Date(Date.UTC(2020, i)) }));
  });
  return { ledger, ids };
}

describe('findInRange', () => {
  let ledger: Ledger;
  let ids: string[];
  beforeEach(async () => ({ ledger, ids } = await carLedger()));
  afterEach(() => ledger.close());

  const found = (range: IndexRange, path: string | string[] = 'Price') =>
    ledger.execute(async (tx) => (await tx.findInRange('Car', path, range)).map((d) => ids.indexOf(d.documentId)).sort());

  it('finds equal numbers of every type, and ranges by value', async () => {
    expect(await found(equal(5))).toEqual([0, 1, 2]);
    expect(await found(equal(new Decimal('7.50')))).toEqual([3]);
    expect(await found(between(5, 12.25, false))).toEqual([3]);
    expect(await found({ lower: { value: 7.5, inclusive: true } })).toEqual([3, 4, 5]);
    expect(await found({ upper: { value: 7, inclusive: false } })).toEqual([0, 1, 2]);
    expect(await found({ lower: { value: 'a', inclusive: true } })).toEqual([6]);
  });

  it('serves an index on a nested path', async () => {
    expect(await found(equal('owner1'), ['Owner', 'Name'])).toEqual([1, 4, 7]);
    const plan = await ledger.execute((tx) => tx.scan('information_schema.user_tables'));
    expect(plan[0].data.indexes).toEqual([
      expect.objectContaining({ expr: '[Price]' }),
      expect.objectContaining({ expr: '[Owner].[Name]' }),
    ]);
  });

  it("sees the transaction's own writes and not what it replaced", async () => {
    const seen = await ledger.execute(async (tx) => {
      await tx.update('Car', ids[0], { Price: 100 });
      tx.insert('Car', { Price: new Decimal('6') });
      return (await tx.findInRange('Car', 'Price', between(5, 10))).map((d) => toIon(d.data.Price!, 'text'));
    });
    expect(seen.sort()).toEqual(['5.00', '5e0', '6.', '7.5e0']);
  });

  it('refuses a missing index and bounds of two families or without order', async () => {
    await expect(found(equal(1), 'Nope')).rejects.toThrow(/no index on Nope/);
    await expect(found(between(1, 'z'))).rejects.toThrow(InvalidArgumentError);
    await expect(found(equal({ a: 1 }))).rejects.toThrow(/ordered scalar/);
    await expect(found({})).rejects.toThrow(/lower or an upper bound/);
  });

  it('conflicts when another transaction commits a value into the range it read', async () => {
    let attempts = 0;
    await expect(
      ledger.execute(
        async (tx) => {
          attempts++;
          await tx.findInRange('Car', 'Price', between(6, 8));
          await ledger.execute((other) => other.insert('Car', { Price: 6.5 }));
          tx.insert('Car', { Price: 1 });
        },
        { retry: { maxRetries: 1, baseMs: 1 } },
      ),
    ).rejects.toThrow(OccConflictError);
    expect(attempts).toBe(2);
  });

  it('does not conflict when the other transaction commits outside the range', async () => {
    await ledger.execute(async (tx) => {
      await tx.findInRange('Car', 'Price', between(6, 8));
      await ledger.execute((other) => other.insert('Car', { Price: 9 }));
      tx.insert('Car', { Price: 1 });
    });
  });
});

describe('order keys in storage', () => {
  it('are verified, and a tampered key is an index mismatch', async () => {
    const path = tempLedgerPath();
    const { ledger } = await carLedger(path);
    expect((await ledger.verify()).valid).toBe(true);
    await ledger.close();
    const sql = await testStorage.raw(path);
    const [entry] = await sql.query<{ index_id: string; value_key: Buffer; document_id: string }>(
      'SELECT index_id, value_key, document_id FROM ledger_index_entry WHERE order_key IS NOT NULL ORDER BY document_id, index_id LIMIT 1',
    );
    await sql.query('UPDATE ledger_index_entry SET order_key = ? WHERE index_id = ? AND value_key = ? AND document_id = ?', [
      Buffer.from([0x20, 0x03]),
      entry.index_id,
      entry.value_key,
      entry.document_id,
    ]);
    await sql.close();
    const reopened = await openTestLedger(path);
    expect((await reopened.verify()).problems.map((p) => p.code)).toEqual(['INDEX_MISMATCH']);
    await reopened.close();
  });

  it('are computed for entries written before the column existed', async () => {
    const path = tempLedgerPath();
    const { ledger } = await carLedger(path);
    await ledger.close();
    const sql = await testStorage.raw(path);
    await sql.query('DROP INDEX ledger_index_entry_by_order');
    await sql.query('ALTER TABLE ledger_index_entry DROP COLUMN order_key');
    await sql.query("DELETE FROM ledger_migrations WHERE name = 'IndexOrderKey1763700000002'");
    await sql.close();
    const reopened = await openTestLedger(path);
    expect((await reopened.verify()).valid).toBe(true);
    const prices = await reopened.execute(async (tx) => (await tx.findInRange('Car', 'Price', between(5, 8))).map((d) => toIon(d.data.Price!, 'text')));
    expect(prices.sort()).toEqual(['5', '5.00', '5e0', '7.5e0']);
    await reopened.close();
  });
});

describe('scanPages', () => {
  it('reads every document page by page, then its own writes', async () => {
    const ledger = await openTestLedger();
    await ledger.execute((tx) => {
      tx.createTable('T');
      for (let i = 0; i < 25; i++) tx.insert('T', { i });
    });
    const pages = await ledger.execute(async (tx) => {
      tx.insert('T', { i: 25 });
      const sizes: number[] = [];
      for await (const page of tx.scanPages('T', 10)) sizes.push(page.length);
      return sizes;
    });
    expect(pages).toEqual([10, 10, 5, 1]);
    await expect(ledger.execute(async (tx) => tx.scanPages('T', 0).next())).rejects.toThrow(/pageSize/);
    await ledger.close();
  });

  it('conflicts when the table changes during a multi-page read', async () => {
    const ledger = await openTestLedger();
    await ledger.execute((tx) => {
      tx.createTable('T');
      for (let i = 0; i < 5; i++) tx.insert('T', { i });
    });
    let attempts = 0;
    const outcome = ledger.execute(
      async (tx) => {
        attempts++;
        let pages = 0;
        for await (const _page of tx.scanPages('T', 2)) {
          if (attempts === 1 && pages++ === 0) await ledger.execute((other) => other.insert('T', { i: 99 }));
        }
        return 'read';
      },
      { retry: { maxRetries: 2, baseMs: 1 } },
    );
    expect(await outcome).toBe('read');
    expect(attempts).toBe(2);
    await ledger.close();
  });
});

describe('committedRevisions', () => {
  it('is the latest committed revision of each live document, with metadata', async () => {
    const { ledger, ids } = await carLedger();
    await ledger.execute(async (tx) => {
      await tx.update('Car', ids[0], { Price: 6 });
      await tx.delete('Car', ids[1]);
    });
    const view = await ledger.execute(async (tx) => {
      tx.insert('Car', { Price: 0 });
      return tx.committedRevisions('Car');
    });
    expect(view).toHaveLength(7);
    const first = view.find((r) => r.metadata!.id === ids[0])!;
    expect(first).toMatchObject({ data: { Price: 6 }, metadata: { version: 1 }, blockAddress: { strandId: ledger.strandId } });
    const one = await ledger.execute((tx) => tx.committedRevisions('Car', ids[2]));
    expect(one.map((r) => r.metadata!.id)).toEqual([ids[2]]);
    expect(await ledger.execute((tx) => tx.committedRevisions('Car', ids[1]))).toEqual([]);
    await ledger.close();
  });
});

describe('writes under one statement', () => {
  it('records one statement with its parameters for every write made under it', async () => {
    const ledger = await openTestLedger();
    const { block } = await ledger.transact(async (tx) => {
      const statement = tx.recordStatement('CREATE TABLE T', []);
      tx.createTable('T', { statement });
      tx.createIndex('T', ['a', 'b'], { statement });
      const insert = tx.recordStatement('INSERT INTO T << ?, ? >>', [{ a: 1 }, { a: 2 }]);
      const first = tx.insert('T', { a: 1 }, { statement: insert });
      tx.insert('T', { a: 2 }, { statement: insert });
      await tx.update('T', first, { a: 3 }, { statement: insert });
    });
    const statements = block!.transactionInfo.statements;
    expect(statements.map((s) => s.statement)).toEqual(['CREATE TABLE T', 'INSERT INTO T << ?, ? >>']);
    expect(statements[1].statementDigest).toEqual(statementDigest('INSERT INTO T << ?, ? >>', [{ a: 1 }, { a: 2 }]));
    for (const document of Object.values(block!.transactionInfo.documents)) {
      expect(document.statements).toEqual(document.tableName === 'T' ? [1] : [0]);
    }
    await expect(ledger.execute((tx) => tx.insert('T', {}, { statement: 0 }))).rejects.toThrow(/not one of this transaction's statements/);
    await ledger.close();
  });

  it('keeps the statement writes make on their own', async () => {
    const ledger = await openTestLedger();
    const { block } = await ledger.transact((tx) => {
      tx.createTable('T');
      tx.insert('T', { when: Timestamp.parse('2020T')! });
    });
    expect(block!.transactionInfo.statements.map((s) => s.statement)).toEqual(['CREATE TABLE T', 'INSERT INTO T ?']);
    await ledger.close();
  });
});
