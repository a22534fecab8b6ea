// Migrations under change control: a deploy step runs them; the application opens with migrate:
// 'check' and never changes the schema; an auditor's tools open the ledger read-only.
// #region hidden
import { strict as assert } from 'node:assert';
// #endregion
// #region change-control
import { Ledger, migrateStorage, MigrationsPendingError, ReadOnlyLedgerError, storageMigrationStatus } from 'nestjs-ledger';

const storage = { type: 'sqlite' as const, database: 'bank.ledger' };

async function main() {
  // The application never changes the schema: one that needs migrating is refused, naming what is pending.
  const refused = await Ledger.open({ name: 'bank', storage, migrate: 'check' }).catch((error: unknown) => error);
  console.log(refused instanceof MigrationsPendingError && refused.pending); // ['JournalSchema1763700000001', …]

  // The deploy step (or `ledger migrate <db>`) runs them, under change control.
  const { pending } = await storageMigrationStatus(storage); // what would run; creates and writes nothing
  const { ran } = await migrateStorage(storage); // the same names, now applied

  const ledger = await Ledger.open({ name: 'bank', storage, migrate: 'check' });
  await ledger.query('CREATE TABLE Account');
  await ledger.close();

  // An auditor's tools open it read-only: nothing is created or migrated, and writes are refused.
  const audit = await Ledger.openExisting({ storage, readOnly: true });
  const write = await audit.query('INSERT INTO Account ?', { owner: 'Ana' }).catch((error: unknown) => error);
  console.log(write instanceof ReadOnlyLedgerError); // true
  await audit.close();
  // #region hidden
  assert.ok(refused instanceof MigrationsPendingError);
  assert.deepEqual(ran, pending);
  assert.equal(ran.length, 6);
  assert.ok(write instanceof ReadOnlyLedgerError);
  // #endregion
}

main();
// #endregion
