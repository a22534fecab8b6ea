// @EventHandler(MoneyDeposited): the aggregate method that folds one event type into its state. It
// runs when the aggregate applies the event and again whenever the aggregate is rebuilt from its
// events, so it must only assign state from the event: no checks, no I/O, no clock, no randomness.
import { defineEventHandler } from './aggregate-root';
import type { EventClass } from './event-type';

export function EventHandler(event: EventClass | string): MethodDecorator {
  return (target, method) => defineEventHandler(target.constructor, event, method);
}
