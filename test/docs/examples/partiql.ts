// PartiQL on a ledger: a query, statements in a transaction, an iterator, EXPLAIN.
// #region hidden
import { strict as assert } from 'node:assert';
import { Ledger } from 'nestjs-ledger';

async function main() {
  const ledger = await Ledger.open({ name: 'dmv', storage: { type: 'sqlite', database: 'dmv.ledger' } });
  await ledger.query('CREATE TABLE Vehicle');
  await ledger.query('CREATE INDEX ON Vehicle (VIN)');
  await ledger.query('INSERT INTO Vehicle ?', { VIN: '1N4AL11D75C109151', Year: 2011, Miles: 0 });
  // #endregion
  // #region statements
  const [car] = await ledger.query('SELECT * FROM Vehicle AS v WHERE v.VIN = ?', '1N4AL11D75C109151');

  await ledger.execute(async (tx) => {
    const [{ documentId }] = (await tx.executeStatement('INSERT INTO Vehicle ?', { VIN: 'KM8SRDHF6EU074761', Year: 2015, Miles: 0 })) as Array<{ documentId: string }>;
    await tx.executeStatement('UPDATE Vehicle AS v BY vid SET v.Color = ?, v.Miles = v.Miles + 10 WHERE vid = ?', 'Blue', documentId);
  });

  const vins: unknown[] = [];
  for await (const vin of ledger.queryIterator('SELECT VALUE v.VIN FROM Vehicle AS v WHERE v.Year > ? ORDER BY v.Year', 2010)) {
    vins.push(vin); // one value at a time; the table is read 1,000 documents at a time
  }

  await ledger.query('EXPLAIN SELECT * FROM Vehicle AS v WHERE v.VIN = ?', 'x');
  // [{ source: 'Vehicle', alias: 'v', access: 'index', index: 'VIN', lookup: 'equal' }]
  // #endregion
  // #region hidden
  assert.deepEqual(car, { VIN: '1N4AL11D75C109151', Year: 2011, Miles: 0 });
  assert.deepEqual(vins, ['1N4AL11D75C109151', 'KM8SRDHF6EU074761']);
  assert.deepEqual(await ledger.query("SELECT v.Color, v.Miles FROM Vehicle AS v WHERE v.VIN = 'KM8SRDHF6EU074761'"), [{ Color: 'Blue', Miles: 10 }]);
  const [plan] = (await ledger.query('EXPLAIN SELECT * FROM Vehicle AS v WHERE v.VIN = ?', 'x')) as Array<Record<string, unknown>>;
  assert.deepEqual([plan.access, plan.index, plan.lookup], ['index', 'VIN', 'equal']);
  await ledger.close();
}

main();
// #endregion
