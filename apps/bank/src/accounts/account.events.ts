// The bank's events: stable stored names, the account id in each (for subscribers and projections),
// amounts as Ion decimals.
import { Event, type Decimal } from 'nestjs-ledger';

@Event('AccountOpened')
export class AccountOpened {
  constructor(
    readonly accountId: string,
    readonly owner: string,
  ) {}
}

@Event('MoneyDeposited')
export class MoneyDeposited {
  constructor(
    readonly accountId: string,
    readonly amount: Decimal,
  ) {}
}

@Event('MoneyWithdrawn')
export class MoneyWithdrawn {
  constructor(
    readonly accountId: string,
    readonly amount: Decimal,
  ) {}
}
