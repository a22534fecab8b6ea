// The bank sample's commands; each validates its amount.
import { InvalidCommandError } from 'nestjs-ledger';

export class OpenAccount {
  constructor(
    readonly accountId: string,
    readonly owner: string,
  ) {}
}

export class Deposit {
  constructor(
    readonly accountId: string,
    readonly amount: number,
  ) {}
}

export class Withdraw {
  constructor(
    readonly accountId: string,
    readonly amount: number,
  ) {}
}

export class Transfer {
  constructor(
    readonly from: string,
    readonly to: string,
    readonly amount: number,
  ) {}
}

/** Throws InvalidCommandError unless the command's amount is a positive whole number of cents. */
export function checkAmount(command: Deposit | Withdraw | Transfer): void {
  if (!Number.isSafeInteger(command.amount) || command.amount <= 0) {
    throw new InvalidCommandError(command, `amount must be a positive whole number of cents, not ${command.amount}`);
  }
}
