// The size of a value written out: how many values it holds (a long text or blob as several), a
// value that several containers share counted once per place it appears. A statement can share a
// value between containers freely (`[s, s]`), so nested subqueries could otherwise build values
// exponentially larger than the statement, that DISTINCT, `=`, ORDER BY or the caller would then walk for ever. Every container a
// statement builds, and every parameter, is weighed (a shared value once, by identity) and refused
// past MAX_VALUE_SIZE.
import { IonAnnotated, IonSexp, IonStruct, isPlainObject, type IonValue } from '../ion';
import { MAX_DEPTH as MAX_ION_DEPTH } from '../ion/value-path';
import { PartiqlLimitError } from './errors';
import { Bag, type PartiqlValue } from './value-kinds';

/** The most values one value may hold, written out. */
export const MAX_VALUE_SIZE = 2 ** 24;

/** A text counts as one value per this many code units (a blob per this many bytes), so repeating a long one counts. */
const UNITS_PER_VALUE = 16;

/** Sizes of the containers weighed so far (a container being weighed is 1, so a cycle ends). */
const sizes = new WeakMap<object, number>();

/** The size of `value` written out; throws PartiqlLimitError past MAX_VALUE_SIZE. */
export function sizeOf(value: PartiqlValue | undefined, depth = 0): number {
  if (typeof value === 'string') return 1 + Math.floor(value.length / UNITS_PER_VALUE);
  if (value instanceof Uint8Array) return 1 + Math.floor(value.length / UNITS_PER_VALUE);
  if (typeof value !== 'object' || value === null) return 1;
  const known = sizes.get(value);
  if (known !== undefined) return known;
  const children = childrenOf(value);
  if (!children || depth > MAX_ION_DEPTH) return 1;
  sizes.set(value, 1);
  try {
    let size = 1;
    for (const child of children) size += sizeOf(child, depth + 1);
    return checked(value, size);
  } catch (error) {
    sizes.delete(value);
    throw error;
  }
}

/** `container`, built by the statement from `items`, once weighed. */
export function weighed<T extends object>(container: T, items: Iterable<PartiqlValue | undefined>): T {
  let size = 1;
  for (const item of items) size += sizeOf(item);
  checked(container, size);
  return container;
}

function checked(container: object, size: number): number {
  if (size > MAX_VALUE_SIZE) throw new PartiqlLimitError('valueSize', MAX_VALUE_SIZE, `a value of ${size}+ values`);
  sizes.set(container, size);
  return size;
}

function childrenOf(value: object): Iterable<PartiqlValue | undefined> | undefined {
  if (Array.isArray(value)) return value as IonValue[];
  if (value instanceof Bag || value instanceof IonSexp) return value.items;
  if (value instanceof IonAnnotated) return [value.value];
  if (value instanceof IonStruct) return Array.isArray(value.fields) ? value.fields.map((field) => (Array.isArray(field) ? field[1] : undefined)) : undefined;
  return isPlainObject(value) ? Object.values(value) : undefined;
}
