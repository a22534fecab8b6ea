// @InjectLedger('audit'): injects the ledger registered under that name (no name: the default ledger).
import { Inject } from '@nestjs/common';
import { getLedgerToken } from './ledger.tokens';

export const InjectLedger = (name?: string): PropertyDecorator & ParameterDecorator => Inject(getLedgerToken(name));
