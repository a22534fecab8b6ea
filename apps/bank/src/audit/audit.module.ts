// The audit endpoints and the proof files they hand out, on the default ledger.
import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts';
import { AuditController } from './audit.controller';
import { RevisionProofs } from './revision-proofs';

@Module({
  imports: [AccountsModule],
  controllers: [AuditController],
  providers: [RevisionProofs],
})
export class AuditModule {}
