// The values PartiQL computes with: every Ion value (the ledger's value model), plus MISSING (the
// absence of a value: a field a struct lacks) and bags (unordered collections, such as a query's
// result). Bags and MISSING live only at the top of a value: put inside a list or struct, a bag
// becomes a list and MISSING an absent field (or null in a list), since Ion has neither.
import {
  Decimal,
  IonAnnotated,
  IonClob,
  IonFloat,
  IonSexp,
  IonStruct,
  IonSymbol,
  IonTypedNull,
  isPlainObject,
  Timestamp,
  type IonStructObject,
  type IonTypeName,
  type IonValue,
} from '../ion';
import { setField } from '../ion/ion-struct-builder';
import { weighed } from './value-size';
import { Bag, MISSING, type MissingValue, type PartiqlValue } from './value-kinds';

export { Bag, MISSING, type MissingValue, type PartiqlValue } from './value-kinds';

/** The Ion type name of a value, as errors and the type checks name it. */
export type TypeName = 'missing' | 'null' | IonTypeName | 'bag';

/** The value without its annotations. */
export function unwrap(value: PartiqlValue): PartiqlValue {
  return value instanceof IonAnnotated ? value.value : value;
}

export function isMissing(value: PartiqlValue | IonValue): value is MissingValue {
  return value === MISSING;
}

/** True for null, typed nulls (null.int…), and MISSING: the values PartiQL calls absent. */
export function isAbsent(value: PartiqlValue): boolean {
  const inner = unwrap(value);
  return inner === null || inner === MISSING || inner instanceof IonTypedNull;
}

export function typeOf(value: PartiqlValue): TypeName {
  const inner = unwrap(value);
  switch (typeof inner) {
    case 'boolean':
      return 'bool';
    case 'number':
      return Number.isSafeInteger(inner) ? 'int' : 'float';
    case 'bigint':
      return 'int';
    case 'string':
      return 'string';
  }
  return objectType(inner);
}

function objectType(value: PartiqlValue): TypeName {
  if (value === null || value instanceof IonTypedNull) return 'null';
  if (value === MISSING) return 'missing';
  if (value instanceof Bag) return 'bag';
  if (Array.isArray(value)) return 'list';
  if (value instanceof Decimal) return 'decimal';
  if (value instanceof IonFloat) return 'float';
  if (value instanceof Date || value instanceof Timestamp) return 'timestamp';
  if (value instanceof Uint8Array) return 'blob';
  if (value instanceof IonSymbol) return 'symbol';
  if (value instanceof IonClob) return 'clob';
  if (value instanceof IonSexp) return 'sexp';
  return 'struct';
}

/** The text of a string or symbol; undefined for anything else. */
export function textOf(value: PartiqlValue): string | undefined {
  const inner = unwrap(value);
  if (typeof inner === 'string') return inner;
  return inner instanceof IonSymbol && inner.text !== null ? inner.text : undefined;
}

/** The elements of a list, sexp or bag; undefined for anything else. */
export function elementsOf(value: PartiqlValue): readonly IonValue[] | undefined {
  const inner = unwrap(value);
  if (Array.isArray(inner)) return inner;
  if (inner instanceof Bag) return inner.items;
  if (inner instanceof IonSexp) return inner.items;
  return undefined;
}

/** Whether a value is a struct (annotations looked through). */
export function isStruct(value: PartiqlValue): boolean {
  const inner = unwrap(value);
  return isPlainObject(inner) || inner instanceof IonStruct;
}

/** The fields of a struct in order (repeated names kept); undefined for anything else. */
export function fieldsOf(value: PartiqlValue): Array<[string, IonValue]> | undefined {
  const inner = unwrap(value);
  if (inner instanceof IonStruct) return inner.fields;
  if (isPlainObject(inner)) return Object.entries(inner).filter((entry): entry is [string, IonValue] => entry[1] !== undefined);
  return undefined;
}

/** A struct's field (the first of a repeated name), or MISSING. */
export function fieldOf(value: PartiqlValue, name: string): PartiqlValue {
  const inner = unwrap(value);
  if (isPlainObject(inner)) {
    const field = Object.prototype.hasOwnProperty.call(inner, name) ? inner[name] : undefined;
    return field === undefined ? MISSING : field;
  }
  if (inner instanceof IonStruct) {
    const field = inner.fields.find(([fieldName]) => fieldName === name);
    return field ? field[1] : MISSING;
  }
  return MISSING;
}

/** The value to store inside a list or struct: a bag becomes a list; MISSING stays (callers drop or null it). */
export function toStored(value: PartiqlValue): IonValue | MissingValue {
  return value instanceof Bag ? value.items : value;
}

/** A struct from fields, a plain object unless a name repeats. MISSING fields are left out. */
export function makeStruct(fields: ReadonlyArray<readonly [string, PartiqlValue]>): IonStructObject | IonStruct {
  const object: IonStructObject = {};
  for (const [name, value] of fields) {
    const stored = toStored(value);
    if (isMissing(stored)) continue;
    if (Object.prototype.hasOwnProperty.call(object, name)) return repeatedStruct(fields);
    setField(object, name, stored);
  }
  return weighed(object, Object.values(object));
}

function repeatedStruct(fields: ReadonlyArray<readonly [string, PartiqlValue]>): IonStruct {
  const kept: Array<[string, IonValue]> = [];
  for (const [name, value] of fields) {
    const stored = toStored(value);
    if (!isMissing(stored)) kept.push([name, stored]);
  }
  return weighed(new IonStruct(kept), kept.map(([, value]) => value));
}

/** A list from values: bags become lists, MISSING becomes null. */
export function makeList(values: readonly PartiqlValue[]): IonValue[] {
  const list = values.map((value) => {
    const stored = toStored(value);
    return isMissing(stored) ? null : stored;
  });
  return weighed(list, list);
}

/** Whether nothing can change `value` (a primitive, or an immutable wrapper), so it can be shared. */
export function isImmutable(value: IonValue): boolean {
  if (typeof value !== 'object' || value === null) return true;
  return value instanceof Decimal || value instanceof Timestamp || value instanceof IonFloat || value instanceof IonSymbol || value instanceof IonTypedNull;
}

/** A deep copy of `value`: what a literal hands out each time, so no caller can change the statement's own value. */
export function copyValue(value: IonValue): IonValue {
  if (isImmutable(value)) return value;
  if (Array.isArray(value)) return value.map(copyValue);
  if (value instanceof Date) return new Date(value.getTime());
  if (value instanceof Uint8Array) return value.slice();
  if (value instanceof IonClob) return new IonClob(value.bytes.slice());
  if (value instanceof IonSexp) return new IonSexp(value.items.map(copyValue));
  if (value instanceof IonStruct) return new IonStruct(value.fields.map(([name, field]) => [name, copyValue(field)]));
  if (value instanceof IonAnnotated) return new IonAnnotated([...value.annotations], copyValue(value.value));
  return Object.fromEntries(Object.entries(value as IonStructObject).map(([name, field]) => [name, field === undefined ? field : copyValue(field)]));
}

/** A query result value as the caller receives it: a bag as a list; undefined for MISSING. */
export function toResult(value: PartiqlValue): IonValue | undefined {
  if (isMissing(value)) return undefined;
  return value instanceof Bag ? value.items : value;
}
