// An RxJS operator for event streams: `events$.pipe(ofType(MoneyDeposited, MoneyWithdrawn))` keeps
// the recorded events of those event classes (by the type name each is stored under, see @Event),
// typed so that the payload has the class's fields.
import { filter, type OperatorFunction } from 'rxjs';
import { InvalidArgumentError } from '../engine';
import type { IonStructObject } from '../ion';
import { eventTypeOfClass, type EventClass } from './event-type';
import type { RecordedEvent } from './recorded-event';

/** A recorded event whose payload has the fields of event class instances `E` (a plain struct, not an instance). */
export type RecordedEventOf<E extends object> = Omit<RecordedEvent, 'payload'> & { payload: E & IonStructObject };

export function ofType<C extends EventClass[]>(...eventClasses: C): OperatorFunction<RecordedEvent, RecordedEventOf<InstanceType<C[number]>>> {
  if (eventClasses.length === 0 || eventClasses.some((c) => typeof c !== 'function')) {
    throw new InvalidArgumentError('ofType takes one or more event classes', eventClasses);
  }
  const types = new Set(eventClasses.map(eventTypeOfClass));
  return filter((event: RecordedEvent): event is RecordedEventOf<InstanceType<C[number]>> => types.has(event.type));
}
