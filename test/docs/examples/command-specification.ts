// Given/when/then for command handlers, on an in-memory event store: the sample bank's cash desk.
// #region hidden
import { Account, AccountOpened, CashDesk, InsufficientFundsError, money, MoneyDeposited, MoneyWithdrawn, Transfer, TransferHandler, Withdraw } from '../../../apps/bank/src/accounts';
import { newJournalId } from 'nestjs-ledger';
// #endregion
// #region spec
import { CommandSpecification } from 'nestjs-ledger/testing';

async function cashDeskSpec(id: string) {
  const spec = new CommandSpecification();
  const desk = new CashDesk(spec.repository(Account));
  spec.handle(Withdraw, (command) => desk.withdraw(command))                  // a function,
    .handle(Transfer, new TransferHandler(spec.repository(Account)));        // or an object with execute
  await spec.given(Account, id, new AccountOpened(id, 'Ann'), new MoneyDeposited(id, money('100')))
    .when(new Withdraw(id, money('30')))
    .thenEvents(new MoneyWithdrawn(id, money('30')));
  await spec.given(Account, id, new AccountOpened(id, 'Ann'))
    .when(new Withdraw(id, money('30')))
    .thenError(InsufficientFundsError, /holds 0.00/);
}
// #endregion

cashDeskSpec(newJournalId());
