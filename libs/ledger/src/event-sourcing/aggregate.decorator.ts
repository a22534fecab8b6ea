// @Aggregate('Account'): marks an AggregateRoot subclass as an event-sourced aggregate whose state
// documents live in the ledger table of that name (document id = aggregate id).
import { defineAggregate, type AggregateOptions } from './aggregate-root';

export function Aggregate(nameOrOptions: string | AggregateOptions): ClassDecorator {
  const options = typeof nameOrOptions === 'string' ? { name: nameOrOptions } : nameOrOptions;
  return (target) => defineAggregate(target, options);
}
