// The sample bank's handlers (apps/bank) under the given/when/then helper: no database, no Nest.
import { ConcurrencyError, Decimal, InvalidCommandError, newJournalId } from 'nestjs-ledger';
import { CommandSpecification } from 'nestjs-ledger/testing';
import {
  Account,
  AccountOpened,
  CashDesk,
  Deposit,
  InsufficientFundsError,
  money,
  MoneyDeposited,
  MoneyWithdrawn,
  OpenAccount,
  OpenAccountHandler,
  Transfer,
  TransferHandler,
  Withdraw,
} from '../../apps/bank/src/accounts';

describe('the bank sample\'s handlers (CommandSpecification)', () => {
  const [id, other] = [newJournalId(), newJournalId()];
  const spec = new CommandSpecification();
  const desk = new CashDesk(spec.repository(Account));
  spec
    .handle(OpenAccount, new OpenAccountHandler(spec.repository(Account)))
    .handle(Deposit, (command) => desk.deposit(command))
    .handle(Withdraw, (command) => desk.withdraw(command))
    .handle(Transfer, new TransferHandler(spec.repository(Account)));

  it('opens, deposits and withdraws', async () => {
    await spec.when(new OpenAccount(id, 'Ann')).thenEvents(new AccountOpened(id, 'Ann'));
    await spec.given(Account, id, new AccountOpened(id, 'Ann')).when(new Deposit(id, money('100'))).thenEvents(new MoneyDeposited(id, money('100')));
    await spec.given(Account, id, new AccountOpened(id, 'Ann'), new MoneyDeposited(id, money('100')))
      .when(new Withdraw(id, money('30')))
      .thenEvents(new MoneyWithdrawn(id, money('30')));
  });

  it('transfers between two accounts in one command', async () => {
    await spec
      .given(Account, id, new AccountOpened(id, 'Ann'), new MoneyDeposited(id, money('100')))
      .given(Account, other, new AccountOpened(other, 'Bob'))
      .when(new Transfer(id, other, money('60')))
      .thenEvents(new MoneyWithdrawn(id, money('60')), new MoneyDeposited(other, money('60')));
  });

  it('counts money in exact decimals: 0.30 less 0.10 leaves 0.20 to withdraw', async () => {
    await spec
      .given(Account, id, new AccountOpened(id, 'Ann'), new MoneyDeposited(id, money('0.30')), new MoneyWithdrawn(id, money('0.10')))
      .when(new Withdraw(id, money('0.2')))
      .thenEvents(new MoneyWithdrawn(id, money('0.20')));
    await spec
      .given(Account, id, new AccountOpened(id, 'Ann'), new MoneyDeposited(id, money('0.30')), new MoneyWithdrawn(id, money('0.10')))
      .when(new Withdraw(id, money('0.21')))
      .thenError(InsufficientFundsError, /holds 0.20, less than the 0.21 asked for/);
  });

  it('refuses an overdraft, a bad amount and a second opening', async () => {
    await spec.given(Account, id, new AccountOpened(id, 'Ann'))
      .when(new Withdraw(id, money('30')))
      .thenError(InsufficientFundsError, /holds 0.00, less than the 30.00 asked for/);
    await spec.given(Account, id, new AccountOpened(id, 'Ann')).when(new Deposit(id, new Decimal('1.505'))).thenError(InvalidCommandError);
    await spec.given(Account, id, new AccountOpened(id, 'Ann')).when(new OpenAccount(id, 'Ann')).thenError(ConcurrencyError, /already exists/);
  });
});
