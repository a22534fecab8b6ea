// Keeps the audit endpoints and the journal explorer to auditors: a teller's request is answered
// 403 before the handler runs (the ledger's access control would refuse its calls too). Without
// API keys (a bank built without authentication), ApiKeyGuard is not installed and it lets through.
import { ForbiddenException, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { BankRequest } from './api-key.guard';

@Injectable()
export class AuditorOnlyGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const role = context.switchToHttp().getRequest<BankRequest>().bankRole;
    if (role === undefined || role === 'auditor') return true;
    throw new ForbiddenException(`the audit endpoints and the explorer are for auditors; this key is a ${role}'s`);
  }
}
