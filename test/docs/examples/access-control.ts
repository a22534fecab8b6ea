// Access control: roles granted to principals, each grant a journaled block; a principal's
// statements checked and refused with AccessDeniedError; the principal in every block it writes.
// #region hidden
import { strict as assert } from 'node:assert';
// #endregion
// #region access
import { AccessDeniedError, Ledger, runAsPrincipal } from 'nestjs-ledger';

async function main() {
  const ledger = await Ledger.open({
    name: 'bank',
    storage: { type: 'sqlite', database: 'bank.ledger' },
    accessControl: { administrators: ['ops'] }, // configuration: they grant the first roles
  });

  await runAsPrincipal('ops', async () => {
    await ledger.query('CREATE TABLE Account');
    await ledger.access.defineRole('teller', [{ action: 'insert', table: 'Account' }, { action: 'select', table: 'Account' }]);
    await ledger.access.defineRole('auditor', [{ action: 'getDigest' }, { action: 'getRevision' }, { action: 'history', table: 'Account' }]);
    await ledger.access.grantRole('tina', 'teller'); // a block: GRANT ROLE ? TO ?, by ops
    await ledger.access.grantRole('alan', 'auditor');
  });

  const { block } = await runAsPrincipal('tina', () => ledger.transact((tx) => tx.insert('Account', { owner: 'ann', balance: 0 })));
  block?.transactionInfo.principal; // 'tina', covered by the block's hash

  try {
    await runAsPrincipal('alan', () => ledger.query("INSERT INTO Account VALUE {'owner': 'alan'}"));
  } catch (error) {
    // AccessDeniedError: principal "alan" may not insert on "Account" …; nothing was written
  }
  await ledger.access.whoMay('insert', 'Account'); // ['ops', 'tina']
  // #region hidden
  assert.equal(block?.transactionInfo.principal, 'tina');
  await assert.rejects(runAsPrincipal('alan', () => ledger.query("INSERT INTO Account VALUE {'owner': 'alan'}")), AccessDeniedError);
  assert.deepEqual(await ledger.access.whoMay('insert', 'Account'), ['ops', 'tina']);
  assert.equal((await runAsPrincipal('ops', () => ledger.verify())).valid, true);
  // #endregion
  await ledger.close();
}

main();
// #endregion
