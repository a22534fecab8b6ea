// openTemporaryLedger: a working ledger on a file of its own, gone with its directory after remove().
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { openTemporaryLedger } from './temporary-ledger';

describe('openTemporaryLedger', () => {
  it('opens a ledger on a new SQLite file that remove() closes and deletes', async () => {
    const first = await openTemporaryLedger({ name: 'orders' });
    const second = await openTemporaryLedger();
    expect(first.path).not.toBe(second.path);
    await first.ledger.query('CREATE TABLE Orders');
    await first.ledger.query("INSERT INTO Orders VALUE {'sku': 'A-1'}");
    expect(await first.ledger.query('SELECT o.sku FROM Orders AS o')).toEqual([{ sku: 'A-1' }]);
    expect(existsSync(first.path)).toBe(true);
    await first.remove();
    await second.remove();
    expect([existsSync(dirname(first.path)), existsSync(dirname(second.path))]).toEqual([false, false]);
  });
});
