// The bank's real handlers through Nest's dependency injection, on a temporary SQLite ledger.
// #region hidden
import { strict as assert } from 'node:assert';
import { CashDesk, Deposit, money, moneyText, OpenAccount, OpenAccountHandler, Account } from '../../../apps/bank/src/accounts';
import { CommandBus, Ledger, newJournalId, type Decimal } from 'nestjs-ledger';
// #endregion
// #region spec
import { Test } from '@nestjs/testing';
import { LedgerTestingModule } from 'nestjs-ledger/nest';

async function depositSpec() {
  const moduleRef = await Test.createTestingModule({
    imports: [LedgerTestingModule.forTest({ aggregates: [Account] })],          // a ledger on a temporary file
    providers: [OpenAccountHandler, CashDesk],                                 // the application's own handlers
  }).compile();
  const app = await moduleRef.init();
  const bus = app.get(CommandBus);
  const id = await bus.execute<string>(new OpenAccount(newJournalId(), 'Ann'));
  const balance = await bus.execute<Decimal>(new Deposit(id, money('100')));
  assert.equal(moneyText(balance), '100.00');
  assert.equal((await app.get(Ledger).verify()).valid, true);
  await app.close();                                                           // closes the ledger, deletes its file
}
// #endregion

depositSpec();
