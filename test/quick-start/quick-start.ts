import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  Aggregate,
  AggregateRepository,
  AggregateRoot,
  CommandBus,
  Event,
  EventHandler,
  InvalidCommandError,
  Ledger,
  newJournalId,
} from 'nestjs-ledger';
import { verifyBlock } from 'nestjs-ledger/verify';
import { CommandHandler, InjectAggregateRepository, LedgerModule } from 'nestjs-ledger/nest';

@Event('AccountOpened')
class AccountOpened {
  constructor(readonly accountId: string, readonly owner: string) {}
}

@Event('MoneyDeposited')
class MoneyDeposited {
  constructor(readonly accountId: string, readonly amount: number) {}
}

@Aggregate('Account') // its state documents live in the ledger table Account
class Account extends AggregateRoot {
  owner = '';
  balance = 0;

  open(owner: string) {
    this.apply(new AccountOpened(this.id, owner));
  }

  deposit(amount: number) {
    this.apply(new MoneyDeposited(this.id, amount));
  }

  @EventHandler(AccountOpened) // folds the event into the state: assignments only
  onOpened(event: AccountOpened) {
    this.owner = event.owner;
  }

  @EventHandler(MoneyDeposited)
  onDeposited(event: MoneyDeposited) {
    this.balance += event.amount;
  }
}

class OpenAccount {
  constructor(readonly accountId: string, readonly owner: string) {}
}

class Deposit {
  constructor(readonly accountId: string, readonly amount: number) {}
}

@CommandHandler(OpenAccount)
class OpenAccountHandler {
  constructor(@InjectAggregateRepository(Account) private readonly accounts: AggregateRepository<Account>) {}

  async execute(command: OpenAccount) {
    const account = await this.accounts.create(command.accountId);
    account.open(command.owner);
    return account.id;
  }
}

@CommandHandler(Deposit)
class DepositHandler {
  constructor(@InjectAggregateRepository(Account) private readonly accounts: AggregateRepository<Account>) {}

  async execute(command: Deposit) {
    if (!(command.amount > 0)) throw new InvalidCommandError(command, 'amount must be positive');
    const account = await this.accounts.load(command.accountId);
    account.deposit(command.amount);
    return account.balance;
  }
}

@Module({
  imports: [
    LedgerModule.forRoot({ name: 'bank', storage: { type: 'sqlite', database: 'bank.ledger' } }),
    LedgerModule.forFeature([Account]),
  ],
  providers: [OpenAccountHandler, DepositHandler],
})
class AppModule {}

async function main() {
  const app = await NestFactory.createApplicationContext(AppModule, { logger: false });
  const commands = app.get(CommandBus);
  const id = await commands.execute<string>(new OpenAccount(newJournalId(), 'Ann'));
  const { value, block } = await commands.dispatch(new Deposit(id, 2_500), { actor: 'teller-7' });
  console.log(`balance ${value} in block ${block!.blockAddress.sequenceNo}, verified: ${verifyBlock(block!).valid}`);
  console.log(`events: ${block!.events!.map((e) => e.type)}, statement: ${block!.transactionInfo.statements[0].statement}`);
  console.log(`ledger verified: ${(await app.get(Ledger).verify()).valid}`);
  await app.close();
}

main();
