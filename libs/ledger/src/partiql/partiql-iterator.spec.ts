// Large results: ledger.queryIterator and tx.iterateStatement produce values as the consumer takes
// them, reading a table a page at a time; breaking out stops the reading; a conflicting commit
// ends a queryIterator with OccConflictError; only queries may be iterated outside a transaction.
import { LedgerClosedError, OccConflictError } from '../engine/errors';
import type { Ledger } from '../engine/ledger';
import { openTestLedger, removeTempLedgers } from '../engine/test-ledger.fixture';
import { Transaction } from '../engine/transaction';
import type { IonValue } from '../ion';
import { PartiqlSemanticError } from './errors';

const DOCUMENTS = 2400;

describe('iterating large results', () => {
  let ledger: Ledger;
  beforeAll(async () => {
    ledger = await openTestLedger();
    await ledger.query('CREATE TABLE Item');
    for (let first = 0; first < DOCUMENTS; first += 40) {
      const batch = Array.from({ length: 40 }, (_, i) => ({ n: first + i, even: (first + i) % 2 === 0 }));
      await ledger.query('INSERT INTO Item ?', batch);
    }
  });
  afterAll(async () => {
    await ledger.close();
    await removeTempLedgers();
  });
  afterEach(() => jest.restoreAllMocks());

  /** Counts the pages of documents the transaction reads. */
  function countPages(): { pages: number } {
    const counter = { pages: 0 };
    const original = Transaction.prototype.scanPages;
    jest.spyOn(Transaction.prototype, 'scanPages').mockImplementation(async function* (this: Transaction, table: string, pageSize?: number) {
      for await (const page of original.call(this, table, pageSize)) {
        counter.pages++;
        yield page;
      }
    });
    return counter;
  }

  async function collect(values: AsyncIterable<IonValue>, limit = Infinity): Promise<IonValue[]> {
    const all: IonValue[] = [];
    for await (const value of values) {
      all.push(value);
      if (all.length >= limit) break;
    }
    return all;
  }

  it('yields every value, reading the table a page at a time', async () => {
    const counter = countPages();
    const values = await collect(ledger.queryIterator('SELECT VALUE i.n FROM Item AS i WHERE i.even'));
    expect(values).toHaveLength(DOCUMENTS / 2);
    expect(new Set(values).size).toBe(DOCUMENTS / 2);
    expect(counter.pages).toBe(Math.ceil(DOCUMENTS / 1000));
  });

  it('stops reading when the consumer stops', async () => {
    const counter = countPages();
    expect(await collect(ledger.queryIterator('SELECT VALUE i.n FROM Item AS i'), 10)).toHaveLength(10);
    expect(counter.pages).toBe(1);
  });

  it('stops reading at LIMIT', async () => {
    const counter = countPages();
    expect(await ledger.query('SELECT VALUE i.n FROM Item AS i LIMIT 5')).toHaveLength(5);
    expect(counter.pages).toBe(1);
  });

  it('orders, groups and aggregates over every page', async () => {
    expect(await collect(ledger.queryIterator('SELECT VALUE i.n FROM Item AS i ORDER BY i.n DESC LIMIT 3'))).toEqual([2399, 2398, 2397]);
    expect(await collect(ledger.queryIterator('SELECT i.even, COUNT(*) AS n FROM Item AS i GROUP BY i.even ORDER BY i.even'))).toEqual([
      { even: false, n: 1200 },
      { even: true, n: 1200 },
    ]);
  });

  it('iterates inside a transaction too, seeing its own writes', async () => {
    const seen = await ledger.execute(async (tx) => {
      await tx.executeStatement("INSERT INTO Item VALUE {'n': -1}");
      const found = await collect(tx.iterateStatement('SELECT VALUE i.n FROM Item AS i WHERE i.n < ?', 1));
      throw Object.assign(new Error('abort'), { found });
    }).catch((error: Error & { found: IonValue[] }) => error.found);
    expect(seen.sort()).toEqual([-1, 0]);
  });

  it('ends with OccConflictError when a commit changes what it read', async () => {
    const values = ledger.queryIterator('SELECT VALUE i.n FROM Item AS i');
    const first = await values.next();
    expect(first.done).toBe(false);
    await ledger.query("INSERT INTO Item VALUE {'n': 10000}");
    await expect(collect(values)).rejects.toThrow(OccConflictError);
    await ledger.query('DELETE FROM Item WHERE n = 10000');
  });

  it('iterates queries only, and not on a closed ledger', async () => {
    const before = await ledger.getDigest();
    await expect(collect(ledger.queryIterator("INSERT INTO Item VALUE {'n': 1}"))).rejects.toThrow(PartiqlSemanticError);
    await expect(collect(ledger.queryIterator('DELETE FROM Item'))).rejects.toThrow(/only queries can be iterated/);
    expect(await ledger.getDigest()).toEqual(before);
    expect(await collect(ledger.queryIterator('EXPLAIN SELECT * FROM Item'))).toEqual([{ source: 'Item', alias: 'Item', access: 'scan' }]);
    const closed = await openTestLedger();
    await closed.close();
    await expect(collect(closed.queryIterator('SELECT * FROM Item'))).rejects.toThrow(LedgerClosedError);
  });
});
