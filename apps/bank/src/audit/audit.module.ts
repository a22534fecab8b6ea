// The audit endpoints, on the default ledger.
import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts';
import { AuditController } from './audit.controller';

@Module({
  imports: [AccountsModule],
  controllers: [AuditController],
})
export class AuditModule {}
