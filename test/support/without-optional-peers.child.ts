// Run with test/support/without-module.js hiding both optional peers: a ledger committed, queried, verified and closed,
// and nestjs-ledger/nest's health indicator loaded, with neither @opentelemetry/api nor
// @nestjs/terminus resolvable; prints what it saw as JSON.
import { Ledger } from 'nestjs-ledger';
import { LedgerHealthIndicator } from 'nestjs-ledger/nest';

async function main(): Promise<void> {
  const hidden = ['@opentelemetry/api', '@nestjs/terminus'].filter((name) => {
    try {
      require.resolve(name);
      return false;
    } catch {
      return true;
    }
  });
  const ledger = await Ledger.open({ name: 'plain', storage: { type: 'sqlite', database: ':memory:' } });
  await ledger.query('CREATE TABLE T');
  await ledger.query("INSERT INTO T VALUE {'a': 1}");
  const rows = await ledger.query('SELECT * FROM T');
  const { valid } = await ledger.verify();
  await ledger.close();
  process.stdout.write(JSON.stringify({ hidden, rows, valid, healthIndicator: typeof LedgerHealthIndicator }));
}

void main();
