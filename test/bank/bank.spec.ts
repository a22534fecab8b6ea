// The bank sample's handlers under the given/when/then helper: no database, no Nest.
import { CommandSpecification, ConcurrencyError, InvalidCommandError, newJournalId } from 'nestjs-ledger';
import { Account } from './account.aggregate';
import { AccountOpened, MoneyDeposited, MoneyWithdrawn } from './account.events';
import { Deposit, OpenAccount, Transfer, Withdraw } from './bank.commands';
import { CashDesk, OpenAccountHandler, TransferHandler } from './bank.handlers';
import { InsufficientFundsError } from './insufficient-funds.error';

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
    await spec.given(Account, id, new AccountOpened(id, 'Ann')).when(new Deposit(id, 100)).thenEvents(new MoneyDeposited(id, 100));
    await spec.given(Account, id, new AccountOpened(id, 'Ann'), new MoneyDeposited(id, 100))
      .when(new Withdraw(id, 30))
      .thenEvents(new MoneyWithdrawn(id, 30));
  });

  it('transfers between two accounts in one command', async () => {
    await spec
      .given(Account, id, new AccountOpened(id, 'Ann'), new MoneyDeposited(id, 100))
      .given(Account, other, new AccountOpened(other, 'Bob'))
      .when(new Transfer(id, other, 60))
      .thenEvents(new MoneyWithdrawn(id, 60), new MoneyDeposited(other, 60));
  });

  it('refuses an overdraft, a bad amount and a second opening', async () => {
    await spec.given(Account, id, new AccountOpened(id, 'Ann'))
      .when(new Withdraw(id, 30))
      .thenError(InsufficientFundsError, /holds 0/);
    await spec.given(Account, id, new AccountOpened(id, 'Ann')).when(new Deposit(id, 1.5)).thenError(InvalidCommandError);
    await spec.given(Account, id, new AccountOpened(id, 'Ann')).when(new OpenAccount(id, 'Ann')).thenError(ConcurrencyError, /already exists/);
  });
});
