// What an event is to the journal: its stable type name, its schema version and its payload. Events
// are instances of classes (named by @Event, else by the class name) or plain objects with a string
// `type`. On replay a stored event becomes an instance of its class again (fields assigned to an
// object of the class's prototype; the constructor is not called) or a plain `{ type, ...payload }`.
import { isPlainObject, toIonValue, type IonStructObject } from '../ion';
import { InvalidArgumentError } from '../engine';
import { decodeFields, encodeFields } from './value-object';

/** A class whose instances are events. */
export type EventClass<E extends object = object> = abstract new (...args: never[]) => E;

export interface EventDescription {
  type: string;
  schemaVersion: number;
  payload: IonStructObject;
}

interface EventClassOptions {
  name: string;
  version: number;
}

const eventClasses = new WeakMap<EventClass, EventClassOptions>();
/** Every type name an @Event class, an @EventHandler or an @On declared, to check upcasters against. */
const declaredTypes = new Set<string>();

/** Records the stored name and schema version of an event class (see @Event). */
export function defineEventClass(eventClass: EventClass, options: EventClassOptions): void {
  eventClasses.set(eventClass, options);
  declaredTypes.add(options.name);
}

/** Records that a stored event type exists (an @EventHandler or an @On named it as a string). */
export function declareEventType(type: string): void {
  declaredTypes.add(type);
}

/** True when some @Event class or handler declared this stored type. */
export function isDeclaredEventType(type: string): boolean {
  return declaredTypes.has(type);
}

/** The schema version an event class is at (1 unless @Event gave another). */
export function eventVersionOfClass(eventClass: EventClass): number {
  return eventClasses.get(eventClass)?.version ?? 1;
}

/** True when @Event declared `value` an event class. */
export function isDeclaredEventClass(value: unknown): value is EventClass {
  return typeof value === 'function' && eventClasses.has(value as EventClass);
}

/** The type name an event class is stored under. */
export function eventTypeOfClass(eventClass: EventClass): string {
  return eventClasses.get(eventClass)?.name ?? eventClass.name;
}

/** The event's type, schema version and payload (its own enumerable fields, `type` left out of plain objects, value objects encoded). */
export function describeEvent(event: object): EventDescription {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    throw new InvalidArgumentError('an event must be an object: an instance of an event class, or a plain object with a string type', event);
  }
  if (isPlainObject(event)) {
    const { type, ...payload } = event;
    if (typeof type !== 'string' || type.length === 0) {
      throw new InvalidArgumentError('a plain-object event needs a non-empty string `type`', event);
    }
    return { type, schemaVersion: 1, payload: payloadOf(payload) };
  }
  const eventClass = event.constructor as EventClass;
  const options = eventClasses.get(eventClass);
  return { type: options?.name ?? eventClass.name, schemaVersion: options?.version ?? 1, payload: payloadOf(event) };
}

/** An event's fields as the Ion struct stored: value objects encoded, ion-js values converted (IonTypeError names a field that is not Ion). */
function payloadOf(fields: object): IonStructObject {
  return toIonValue(encodeFields(fields)) as IonStructObject;
}

/** A stored event as the domain sees it: an instance of `eventClass` when there is one, else a plain object; value objects rebuilt. */
export function rebuildEvent(type: string, payload: IonStructObject, eventClass: EventClass | undefined): object {
  if (!eventClass) return { type, ...decodeFields(payload) };
  return Object.assign(Object.create(eventClass.prototype as object) as object, decodeFields(payload));
}
