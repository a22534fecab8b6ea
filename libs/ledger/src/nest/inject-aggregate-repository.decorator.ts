// @InjectAggregateRepository(Account): injects the repository LedgerModule.forFeature([Account])
// registered (on the default ledger, or on the ledger named as the second argument).
import { Inject } from '@nestjs/common';
import type { AggregateClass } from '../event-sourcing';
import { getAggregateRepositoryToken } from './ledger.tokens';

export const InjectAggregateRepository = (aggregate: AggregateClass, ledger?: string): PropertyDecorator & ParameterDecorator =>
  Inject(getAggregateRepositoryToken(aggregate, ledger));
