// The bank's account: its owner and balance (an Ion decimal in cents); a withdrawal never overdraws.
import { Aggregate, AggregateRoot, EventHandler, type Decimal } from 'nestjs-ledger';
import { AccountOpened, MoneyDeposited, MoneyWithdrawn } from './account.events';
import { InsufficientFundsError } from './insufficient-funds.error';
import { addMoney, compareMoney, subtractMoney, ZERO_MONEY } from './money';

@Aggregate('Account')
export class Account extends AggregateRoot {
  owner = '';
  balance: Decimal = ZERO_MONEY;

  open(owner: string): void {
    this.apply(new AccountOpened(this.id, owner));
  }

  deposit(amount: Decimal): void {
    this.apply(new MoneyDeposited(this.id, amount));
  }

  withdraw(amount: Decimal): void {
    if (compareMoney(amount, this.balance) > 0) throw new InsufficientFundsError(this.id, this.balance, amount);
    this.apply(new MoneyWithdrawn(this.id, amount));
  }

  @EventHandler(AccountOpened)
  onOpened(event: AccountOpened): void {
    this.owner = event.owner;
  }

  @EventHandler(MoneyDeposited)
  onDeposited(event: MoneyDeposited): void {
    this.balance = addMoney(this.balance, event.amount);
  }

  @EventHandler(MoneyWithdrawn)
  onWithdrawn(event: MoneyWithdrawn): void {
    this.balance = subtractMoney(this.balance, event.amount);
  }
}
