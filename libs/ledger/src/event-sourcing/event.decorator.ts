// @Event('MoneyDeposited'): the stable name an event class is stored under (class names change
// with refactoring and minification; stored names must not), and its schema version for upcasting.
import { InvalidDefinitionError } from './errors';
import { defineEventClass, type EventClass } from './event-type';

export interface EventOptions {
  /** The payload's schema version (default 1); upcasters bring older stored versions up to it. */
  version?: number;
}

export function Event(name: string, options: EventOptions = {}): ClassDecorator {
  if (typeof name !== 'string' || name.length === 0) throw new InvalidDefinitionError('@Event needs a non-empty name', name);
  const version = options.version ?? 1;
  if (!Number.isSafeInteger(version) || version < 1) throw new InvalidDefinitionError(`@Event(${JSON.stringify(name)}) version must be an integer >= 1`, version);
  return (target) => defineEventClass(target as unknown as EventClass, { name, version });
}
