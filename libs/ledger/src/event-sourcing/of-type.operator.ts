// An RxJS operator for event streams: `events$.pipe(ofType(MoneyDeposited, MoneyWithdrawn))` keeps
// the recorded events of those event classes (by the type name each is stored under, see @Event),
// with each payload rebuilt as an instance of its class (value objects included), as aggregates and
// projections get them.
import type { OperatorFunction } from 'rxjs';
import { InvalidArgumentError } from '../engine';
import { rxjs } from '../streams/internal';
import { eventTypeOfClass, rebuildEvent, type EventClass } from './event-type';
import type { RecordedEvent } from './recorded-event';

/** A recorded event whose payload is an instance of its event class `E`. */
export type RecordedEventOf<E extends object> = Omit<RecordedEvent, 'payload'> & { payload: E };

export function ofType<C extends EventClass[]>(...eventClasses: C): OperatorFunction<RecordedEvent, RecordedEventOf<InstanceType<C[number]>>> {
  if (eventClasses.length === 0 || eventClasses.some((c) => typeof c !== 'function')) {
    throw new InvalidArgumentError('ofType takes one or more event classes', eventClasses);
  }
  const classes = new Map<string, EventClass>(eventClasses.map((eventClass) => [eventTypeOfClass(eventClass), eventClass]));
  const { filter, map, pipe } = rxjs();
  return pipe(
    filter((event: RecordedEvent) => classes.has(event.type)),
    map((event) => ({ ...event, payload: rebuildEvent(event.type, event.payload, classes.get(event.type)) as InstanceType<C[number]> })),
  );
}
