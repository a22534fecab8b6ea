// The bank's accounts: the Account aggregate, its command handlers, its PartiQL queries and the
// REST controller.
import { Module } from '@nestjs/common';
import { LedgerModule } from 'nestjs-ledger/nest';
import { Account } from './account.aggregate';
import { CashDesk, OpenAccountHandler, TransferHandler } from './account.handlers';
import { AccountQueries } from './account-queries';
import { AccountsController } from './accounts.controller';

@Module({
  imports: [LedgerModule.forFeature([Account])],
  controllers: [AccountsController],
  providers: [OpenAccountHandler, TransferHandler, CashDesk, AccountQueries],
  exports: [AccountQueries],
})
export class AccountsModule {}
