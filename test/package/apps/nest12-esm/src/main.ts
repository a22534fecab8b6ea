// A NestJS 12 application (ES modules) using nestjs-ledger as an installed package: it opens an
// account and deposits into it, keeps balances with an exactly-once projection found by the module,
// reads the journal back as streams, then prints what it saw as one JSON line.
import 'reflect-metadata';
import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { readFileSync } from 'node:fs';
import { firstValueFrom, take, toArray } from 'rxjs';
import {
  Aggregate,
  AggregateRepository,
  AggregateRoot,
  CommandBus,
  Event,
  EventHandler,
  EventStore,
  Ledger,
  newJournalId,
  ofType,
  On,
  Projection,
  Projections,
  type ProjectionSqlContext,
  type TransactionalProjectionContext,
} from 'nestjs-ledger';
import { verifyBlock } from 'nestjs-ledger/verify';
import { CommandHandler, InjectAggregateRepository, LedgerModule } from 'nestjs-ledger/nest';

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

@Injectable()
@Projection('balances', { delivery: 'exactly-once' })
class BalancesProjection {
  async prepare({ query }: ProjectionSqlContext) {
    await query('CREATE TABLE IF NOT EXISTS balances (account_id TEXT PRIMARY KEY, amount INTEGER NOT NULL)');
  }

  @On(MoneyDeposited)
  async deposited(event: MoneyDeposited, { query, event: recorded }: TransactionalProjectionContext) {
    await query(
      `INSERT INTO balances (account_id, amount) VALUES (?, ?)
       ON CONFLICT (account_id) DO UPDATE SET amount = balances.amount + excluded.amount`,
      [recorded.streamId, event.amount],
    );
  }
}

@Module({
  imports: [LedgerModule.forRoot({ name: 'nest12', storage: { type: 'sqlite', database: ':memory:' } }), LedgerModule.forFeature([Account])],
  providers: [DepositHandler, BalancesProjection],
})
class AppModule {}

async function main() {
  const app = await NestFactory.createApplicationContext(AppModule, { logger: false });
  const commands = app.get(CommandBus);
  const id = newJournalId();
  await commands.execute(new Deposit(id, 100, true));
  const { value, block } = await commands.dispatch(new Deposit(id, 250, false), { actor: 'nest12' });
  const ledger = app.get(Ledger);
  await app.get(Projections).caughtUp('balances');
  const [projected] = await ledger.readDatabase((query) => query<{ amount: number }>('SELECT amount FROM balances WHERE account_id = ?', [id]));
  const deposits = await firstValueFrom(app.get(EventStore).events$().pipe(ofType(MoneyDeposited), take(2), toArray()));
  const records = await firstValueFrom(ledger.stream({ from: block!.blockAddress.sequenceNo }).pipe(take(2), toArray()));
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
    projectedBalance: Number(projected.amount),
    streamedDeposits: deposits.map((e) => e.payload.amount),
    streamedRecords: records.map((r) => r.recordType),
  };
  await app.close();
  console.log(JSON.stringify(report));
}

main();
