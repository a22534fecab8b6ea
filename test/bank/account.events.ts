// The bank sample's events: stable stored names, the account id in each (for subscribers).
import { Event } from 'nestjs-ledger';

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
    readonly amount: number,
  ) {}
}

@Event('MoneyWithdrawn')
export class MoneyWithdrawn {
  constructor(
    readonly accountId: string,
    readonly amount: number,
  ) {}
}
