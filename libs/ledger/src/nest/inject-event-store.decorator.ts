// @InjectEventStore('audit'): injects the event store of the ledger registered under that name
// (no name: the default ledger's).
import { Inject } from '@nestjs/common';
import { getEventStoreToken } from './ledger.tokens';

export const InjectEventStore = (name?: string): PropertyDecorator & ParameterDecorator => Inject(getEventStoreToken(name));
