// Value objects: classes (Money, Address) in commands, events and aggregate state. A class declares
// its codec once with @ValueObject('Money', { toIon, fromIon }); its instances are stored as the Ion
// value toIon gives, annotated with the value object's name (`Money::{ amount: 12.50, currency:
// "EUR" }`), so stored bytes and hashes are exact and stable, and are rebuilt with fromIon wherever
// stored values become domain objects again: events replayed into aggregates and projections,
// state loaded from a revision.
import { IonAnnotated, isIonJsDomValue, isPlainObject, type IonStructObject, type IonValue } from '../ion';
import { InvalidDefinitionError } from './errors';

export interface ValueObjectCodec<T> {
  /** The instance as an Ion value (deterministic: equal instances give equal values). */
  toIon(value: T): IonValue;
  /** The instance again, from what toIon gave. */
  fromIon(value: IonValue): T;
}

interface Declared {
  name: string;
  type: Function;
  codec: ValueObjectCodec<unknown>;
}

const byClass = new Map<Function, Declared>();
const byName = new Map<string, Declared>();

export function ValueObject<T>(name: string, codec: ValueObjectCodec<T>): (target: abstract new (...args: never[]) => T) => void {
  if (typeof name !== 'string' || name.length === 0) throw new InvalidDefinitionError('@ValueObject needs a non-empty name', name);
  if (typeof codec?.toIon !== 'function' || typeof codec.fromIon !== 'function') throw new InvalidDefinitionError(`@ValueObject(${JSON.stringify(name)}) needs a codec { toIon, fromIon }`, codec);
  return (target) => {
    const known = byName.get(name);
    if (known && known.type !== target) {
      throw new InvalidDefinitionError(`value object name ${JSON.stringify(name)} is declared by two classes: ${known.type.name} and ${target.name}`, name);
    }
    const declared = { name, type: target, codec: codec as ValueObjectCodec<unknown> };
    byClass.set(target, declared);
    byName.set(name, declared);
  };
}

/** The fields of an object with every value object in them (at any depth) turned into its annotated Ion value. */
export function encodeFields(fields: object): IonStructObject {
  const copy = { ...fields } as IonStructObject;
  if (byClass.size === 0) return copy;
  for (const [name, value] of Object.entries(copy)) copy[name] = encodeValue(value);
  return copy;
}

/** The fields of a stored struct with every annotated value object (at any depth) rebuilt as its instance. */
export function decodeFields(fields: IonStructObject): Record<string, unknown> {
  if (byName.size === 0) return fields;
  const copy: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields)) copy[name] = decodeValue(value);
  return copy;
}

function encodeValue(value: unknown): IonValue {
  if (typeof value !== 'object' || value === null || isIonJsDomValue(value)) return value as IonValue;
  if (Array.isArray(value)) return value.map(encodeValue);
  if (isPlainObject(value)) return encodeFields(value);
  const declared = byClass.get(value.constructor);
  return declared ? new IonAnnotated([declared.name], encodeValue(declared.codec.toIon(value))) : (value as IonValue);
}

function decodeValue(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(decodeValue);
  if (isPlainObject(value)) return decodeFields(value);
  if (value instanceof IonAnnotated && value.annotations.length === 1) {
    const declared = byName.get(value.annotations[0]);
    if (declared) return declared.codec.fromIon(decodeValue(value.value) as IonValue);
  }
  return value;
}
