// How an index entry's keys derive from a document: the path an index expression names
// (`[VIN]`, or `[Owners].[PrimaryOwner].[PersonId]` for a nested field), the value found there,
// its Ion hash (`value_key`, for exact lookups) and its order key (`order_key`, for ranges and
// for equality by value across numeric types; NULL for a value that has no order).
import { IonAnnotated, ionHash, isPlainObject, IonStruct, type IonStructObject, type IonValue } from '../ion';
import { compareBytes, ionOrderKey } from '../ion/ion-order-key';
import type { OrderKeyRange } from './ledger-repository';

export interface IndexKeys {
  valueKey: Uint8Array;
  orderKey: Uint8Array | null;
}

const EXPRESSION = /^\[[^[\]]+\](\.\[[^[\]]+\])*$/;

/** The index expression of a path: `['a', 'b']` → `[a].[b]`. */
export function indexExpression(path: readonly string[]): string {
  return path.map((field) => `[${field}]`).join('.');
}

/** The path an index expression names; undefined when it is not one. */
export function indexPath(expression: string): string[] | undefined {
  if (!EXPRESSION.test(expression)) return undefined;
  return expression.slice(1, -1).split('].[');
}

/**
 * The value at `path` inside `data`, through structs only (annotations looked through, the first
 * field of a repeated name): what PartiQL's path `a.b.c` reads.
 */
export function valueAtPath(data: IonValue, path: readonly string[]): IonValue | undefined {
  let value: IonValue | undefined = data;
  for (const field of path) {
    value = fieldOf(value, field);
    if (value === undefined) return undefined;
  }
  return value;
}

/** The keys of the value at `path` in `data`; undefined when the document has no value there. */
export function indexKeysOf(data: IonStructObject, path: readonly string[]): IndexKeys | undefined {
  const value = valueAtPath(data, path);
  if (value === undefined) return undefined;
  return { valueKey: ionHash(value), orderKey: ionOrderKey(value) ?? null };
}

function fieldOf(container: IonValue | undefined, field: string): IonValue | undefined {
  const value = container instanceof IonAnnotated ? container.value : container;
  if (isPlainObject(value)) return Object.prototype.hasOwnProperty.call(value, field) ? value[field] : undefined;
  if (value instanceof IonStruct) return value.fields.find(([name]) => name === field)?.[1];
  return undefined;
}

/** True when `key` lies within `range`. */
export function inOrderKeyRange(key: Uint8Array, range: OrderKeyRange): boolean {
  const lower = compareBytes(key, range.lower);
  const upper = compareBytes(key, range.upper);
  return (range.lowerInclusive ? lower >= 0 : lower > 0) && (range.upperInclusive ? upper <= 0 : upper < 0);
}
