// The account aggregate the event-sourcing and streams benchmarks command: one MoneyDeposited event
// per deposit, its state the owner's name and the balance (the same fields as the engine's bare
// insert it is compared with).
import { Aggregate, AggregateRoot, Event, EventHandler } from 'nestjs-ledger';

@Event('MoneyDeposited')
export class MoneyDeposited {
  constructor(
    readonly accountId: string,
    readonly amount: number,
  ) {}
}

@Aggregate('Account')
export class Account extends AggregateRoot {
  owner = 'Jane Q. Customer';
  balance = 0;

  deposit(amount: number): void {
    this.apply(new MoneyDeposited(this.id, amount));
  }

  @EventHandler(MoneyDeposited)
  onDeposited(event: MoneyDeposited): void {
    this.balance += event.amount;
  }
}
