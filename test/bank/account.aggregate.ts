// The bank sample's account: amounts are integer cents; a withdrawal never overdraws.
import { Aggregate, AggregateRoot, EventHandler } from 'nestjs-ledger';
import { AccountOpened, MoneyDeposited, MoneyWithdrawn } from './account.events';
import { InsufficientFundsError } from './insufficient-funds.error';

@Aggregate('Account')
export class Account extends AggregateRoot {
  owner = '';
  balance = 0;

  open(owner: string): void {
    this.apply(new AccountOpened(this.id, owner));
  }

  deposit(amount: number): void {
    this.apply(new MoneyDeposited(this.id, amount));
  }

  withdraw(amount: number): void {
    if (amount > this.balance) throw new InsufficientFundsError(this.id, this.balance, amount);
    this.apply(new MoneyWithdrawn(this.id, amount));
  }

  @EventHandler(AccountOpened)
  onOpened(event: AccountOpened): void {
    this.owner = event.owner;
  }

  @EventHandler(MoneyDeposited)
  onDeposited(event: MoneyDeposited): void {
    this.balance += event.amount;
  }

  @EventHandler(MoneyWithdrawn)
  onWithdrawn(event: MoneyWithdrawn): void {
    this.balance -= event.amount;
  }
}
