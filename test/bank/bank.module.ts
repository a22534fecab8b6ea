// The bank sample's feature module: the Account aggregate and its command handlers.
import { Module } from '@nestjs/common';
import { LedgerModule } from 'nestjs-ledger';
import { Account } from './account.aggregate';
import { CashDesk, OpenAccountHandler, TransferHandler } from './bank.handlers';

@Module({
  imports: [LedgerModule.forFeature([Account])],
  providers: [OpenAccountHandler, TransferHandler, CashDesk],
})
export class BankModule {}
