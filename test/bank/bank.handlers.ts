// The bank sample's command handlers: a class per command (execute), and a provider whose methods
// handle commands (found by MetadataScanner).
import { AggregateRepository, CommandHandler, InjectAggregateRepository, InvalidCommandError } from 'nestjs-ledger';
import { Account } from './account.aggregate';
import { checkAmount, Deposit, OpenAccount, Transfer, Withdraw } from './bank.commands';

@CommandHandler(OpenAccount)
export class OpenAccountHandler {
  constructor(@InjectAggregateRepository(Account) private readonly accounts: AggregateRepository<Account>) {}

  async execute(command: OpenAccount): Promise<string> {
    const account = await this.accounts.create(command.accountId);
    account.open(command.owner);
    return account.id;
  }
}

@CommandHandler(Transfer)
export class TransferHandler {
  constructor(@InjectAggregateRepository(Account) private readonly accounts: AggregateRepository<Account>) {}

  async execute(command: Transfer): Promise<void> {
    checkAmount(command);
    if (command.from === command.to) throw new InvalidCommandError(command, 'an account cannot transfer to itself');
    const from = await this.accounts.load(command.from);
    const to = await this.accounts.load(command.to);
    from.withdraw(command.amount);
    to.deposit(command.amount);
  }
}

export class CashDesk {
  constructor(@InjectAggregateRepository(Account) private readonly accounts: AggregateRepository<Account>) {}

  @CommandHandler(Deposit)
  async deposit(command: Deposit): Promise<number> {
    checkAmount(command);
    const account = await this.accounts.load(command.accountId);
    account.deposit(command.amount);
    return account.balance;
  }

  @CommandHandler(Withdraw)
  async withdraw(command: Withdraw): Promise<number> {
    checkAmount(command);
    const account = await this.accounts.load(command.accountId);
    account.withdraw(command.amount);
    return account.balance;
  }
}
