// A NestJS 12 application (ES modules) using nestjs-ledger as an installed package: it opens an
// account and deposits into it, then prints what the journal holds as one JSON line.
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { readFileSync } from 'node:fs';
import {
  Aggregate,
  AggregateRepository,
  AggregateRoot,
  CommandBus,
  CommandHandler,
  Event,
  EventHandler,
  InjectAggregateRepository,
  Ledger,
  LedgerModule,
  newJournalId,
  verifyBlock,
} from 'nestjs-ledger';

@Event('MoneyDeposited')
class MoneyDeposited {
  constructor(readonly amount: number) {}
}

@Aggregate('Account')
class Account extends AggregateRoot {
  balance = 0;

  deposit(amount: number) {
    this.apply(new MoneyDeposited(amount));
  }

  @EventHandler(MoneyDeposited)
  onDeposited(event: MoneyDeposited) {
    this.balance += event.amount;
  }
}

class Deposit {
  constructor(readonly accountId: string, readonly amount: number, readonly open: boolean) {}
}

@CommandHandler(Deposit)
class DepositHandler {
  constructor(@InjectAggregateRepository(Account) private readonly accounts: AggregateRepository<Account>) {}

  async execute(command: Deposit) {
    const account = command.open ? await this.accounts.create(command.accountId) : await this.accounts.load(command.accountId);
    account.deposit(command.amount);
    return account.balance;
  }
}

@Module({
  imports: [LedgerModule.forRoot({ name: 'nest12', storage: { type: 'sqlite', database: ':memory:' } }), LedgerModule.forFeature([Account])],
  providers: [DepositHandler],
})
class AppModule {}

async function main() {
  const app = await NestFactory.createApplicationContext(AppModule, { logger: false });
  const commands = app.get(CommandBus);
  const id = newJournalId();
  await commands.execute(new Deposit(id, 100, true));
  const { value, block } = await commands.dispatch(new Deposit(id, 250, false), { actor: 'nest12' });
  const ledger = app.get(Ledger);
  const report = {
    moduleSystem: typeof require === 'undefined' ? 'esm' : 'commonjs',
    nestCore: JSON.parse(readFileSync('node_modules/@nestjs/core/package.json', 'utf8')).version,
    balance: value,
    sequenceNo: block?.blockAddress.sequenceNo,
    tip: (await ledger.getDigest()).digestTipAddress.sequenceNo,
    statements: block?.transactionInfo.statements.map((s) => s.statement),
    events: block?.events?.map((e) => e.type),
    blockValid: block && verifyBlock(block).valid,
    ledgerValid: (await ledger.verify()).valid,
  };
  await app.close();
  console.log(JSON.stringify(report));
}

main();
