// The bank's command handlers: a class per command (execute), and a provider whose methods handle
// commands (found by MetadataScanner). Each loads its accounts, checks the command and applies
// events; the command bus commits them as one block.
import { AggregateRepository, InvalidCommandError, type Decimal } from 'nestjs-ledger';
import { CommandHandler, InjectAggregateRepository } from 'nestjs-ledger/nest';
import { Account } from './account.aggregate';
import { checkAmount, checkOwner, Deposit, OpenAccount, Transfer, Withdraw } from './account.commands';

@CommandHandler(OpenAccount)
export class OpenAccountHandler {
  constructor(@InjectAggregateRepository(Account) private readonly accounts: AggregateRepository<Account>) {}

  async execute(command: OpenAccount): Promise<string> {
    checkOwner(command);
    const account = await this.accounts.create(command.accountId);
    account.open(command.owner);
    return account.id;
  }
}

@CommandHandler(Transfer)
export class TransferHandler {
  constructor(@InjectAggregateRepository(Account) private readonly accounts: AggregateRepository<Account>) {}

  /** Both accounts' balances after the transfer. */
  async execute(command: Transfer): Promise<{ from: Decimal; to: Decimal }> {
    checkAmount(command);
    if (command.from === command.to) throw new InvalidCommandError(command, 'an account cannot transfer to itself');
    const from = await this.accounts.load(command.from);
    const to = await this.accounts.load(command.to);
    from.withdraw(command.amount);
    to.deposit(command.amount);
    return { from: from.balance, to: to.balance };
  }
}

export class CashDesk {
  constructor(@InjectAggregateRepository(Account) private readonly accounts: AggregateRepository<Account>) {}

  /** The balance after the deposit. */
  @CommandHandler(Deposit)
  async deposit(command: Deposit): Promise<Decimal> {
    checkAmount(command);
    const account = await this.accounts.load(command.accountId);
    account.deposit(command.amount);
    return account.balance;
  }

  /** The balance after the withdrawal. */
  @CommandHandler(Withdraw)
  async withdraw(command: Withdraw): Promise<Decimal> {
    checkAmount(command);
    const account = await this.accounts.load(command.accountId);
    account.withdraw(command.amount);
    return account.balance;
  }
}
