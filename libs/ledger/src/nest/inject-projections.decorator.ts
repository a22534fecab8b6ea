// @InjectProjections('audit'): injects the projections of the ledger registered under that name
// (no name: the default ledger's, also injectable by its class, Projections).
import { Inject } from '@nestjs/common';
import { getProjectionsToken } from './ledger.tokens';

export const InjectProjections = (name?: string): PropertyDecorator & ParameterDecorator => Inject(getProjectionsToken(name));
