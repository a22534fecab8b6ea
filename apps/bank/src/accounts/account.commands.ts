// The bank's commands; each checks its own payload (an owner's name, a positive amount of money).
import { InvalidCommandError, type Decimal } from 'nestjs-ledger';
import { describeMoney, isPositiveMoney } from './money';

export class OpenAccount {
  constructor(
    readonly accountId: string,
    readonly owner: string,
  ) {}
}

export class Deposit {
  constructor(
    readonly accountId: string,
    readonly amount: Decimal,
  ) {}
}

export class Withdraw {
  constructor(
    readonly accountId: string,
    readonly amount: Decimal,
  ) {}
}

/** Moves money between two accounts in one command: one block, both accounts or neither. */
export class Transfer {
  constructor(
    readonly from: string,
    readonly to: string,
    readonly amount: Decimal,
  ) {}
}

/** Throws InvalidCommandError unless the command's amount is a positive decimal of at most two fractional digits. */
export function checkAmount(command: Deposit | Withdraw | Transfer): void {
  if (!isPositiveMoney(command.amount)) {
    throw new InvalidCommandError(command, `amount must be a positive decimal with at most two fractional digits, not ${describeMoney(command.amount)}`);
  }
}

/** Throws InvalidCommandError unless the owner's name has a non-blank character. */
export function checkOwner(command: OpenAccount): void {
  if (typeof command.owner !== 'string' || command.owner.trim() === '') {
    throw new InvalidCommandError(command, `owner must be a name, not ${JSON.stringify(command.owner)}`);
  }
}
