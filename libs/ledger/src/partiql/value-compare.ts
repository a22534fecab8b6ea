// How PartiQL compares values. Scalars compare through their order keys (ion-order-key.ts), the
// same bytes indexes store, so a lookup through an index and a filter over a scan agree exactly:
// numbers of every type by value, timestamps by instant, strings and symbols by code point. `=`
// between containers compares them deeply; ORDER BY uses a total order across all types.
import { createHash } from 'node:crypto';
import { compareBytes, ionOrderKey } from '../ion/ion-order-key';
import { IonFloat, IonSexp, type IonValue } from '../ion';
import { Bag, elementsOf, fieldsOf, MISSING, typeOf, unwrap, type PartiqlValue, type TypeName } from './partiql-value';

const TYPE_RANK: Readonly<Record<TypeName, number>> = {
  missing: 0,
  null: 0,
  bool: 1,
  int: 2,
  float: 2,
  decimal: 2,
  timestamp: 3,
  symbol: 4,
  string: 4,
  clob: 5,
  blob: 5,
  list: 6,
  sexp: 7,
  struct: 8,
  bag: 9,
};

/** The order of two scalars of one family (-1, 0, 1); undefined when they do not compare. */
export function compareScalars(a: PartiqlValue, b: PartiqlValue): number | undefined {
  const left = unwrap(a);
  const right = unwrap(b);
  if (typeof left === 'number' && typeof right === 'number') {
    if (Number.isNaN(left) || Number.isNaN(right)) return undefined;
    return left < right ? -1 : left > right ? 1 : 0;
  }
  if (typeof left === 'string' && typeof right === 'string') return left === right ? 0 : compareCodePoints(left, right);
  if (left === MISSING || right === MISSING || left instanceof Bag || right instanceof Bag) return undefined;
  const leftKey = ionOrderKey(left as IonValue);
  const rightKey = leftKey && ionOrderKey(right as IonValue);
  if (!leftKey || !rightKey || leftKey[0] !== rightKey[0]) return undefined;
  return Math.sign(compareBytes(leftKey, rightKey));
}

/** Deep equality as `=` sees it (absent values aside): scalars by order, containers element by element. */
export function valuesEqual(a: PartiqlValue, b: PartiqlValue): boolean {
  const left = unwrap(a);
  const right = unwrap(b);
  if (left === right) return true;
  const leftType = typeOf(left);
  const rightType = typeOf(right);
  if (leftType === 'null' || rightType === 'null') return leftType === rightType;
  const leftItems = elementsOf(left);
  if (leftItems) return containersEqual(left, leftItems, right);
  const leftFields = fieldsOf(left);
  if (leftFields) return structsEqual(leftFields, right);
  return compareScalars(left, right) === 0;
}

function containersEqual(left: PartiqlValue, items: readonly IonValue[], right: PartiqlValue): boolean {
  const other = elementsOf(right);
  if (!other || other.length !== items.length || kindOfCollection(left) !== kindOfCollection(right)) return false;
  if (left instanceof Bag) return sameMultiset(items.map((item) => groupKey(item)), other.map((item) => groupKey(item)));
  return items.every((item, i) => valuesEqual(item, other[i]));
}

function structsEqual(fields: Array<[string, IonValue]>, right: PartiqlValue): boolean {
  const other = fieldsOf(right);
  if (!other || other.length !== fields.length) return false;
  const key = ([name, value]: [string, IonValue]) => `${JSON.stringify(name)}:${groupKey(value)}`;
  return sameMultiset(fields.map(key), other.map(key));
}

function sameMultiset(left: string[], right: string[]): boolean {
  const a = [...left].sort();
  const b = [...right].sort();
  return a.every((item, i) => item === b[i]);
}

function kindOfCollection(value: PartiqlValue): string {
  const inner = unwrap(value);
  return inner instanceof Bag ? 'bag' : inner instanceof IonSexp ? 'sexp' : 'list';
}

/** A total order over all values (ORDER BY, MIN, MAX): absent first, then by type, then by value. */
export function totalOrder(a: PartiqlValue, b: PartiqlValue): number {
  if (a === b) return 0;
  const rank = TYPE_RANK[typeOf(a)] - TYPE_RANK[typeOf(b)];
  if (rank !== 0) return Math.sign(rank);
  const scalar = compareScalars(a, b);
  if (scalar !== undefined) return scalar;
  const leftItems = elementsOf(a);
  if (leftItems) return compareSequences(leftItems, elementsOf(b) as readonly IonValue[]);
  const leftFields = fieldsOf(a);
  if (leftFields) return compareStructs(leftFields, fieldsOf(b) as Array<[string, IonValue]>);
  return nanFirst(a, b);
}

/** NaN sorts before every other number; two NaNs, two absent values are equal. */
function nanFirst(a: PartiqlValue, b: PartiqlValue): number {
  const leftNaN = Number.isNaN(numberOf(a));
  const rightNaN = Number.isNaN(numberOf(b));
  return leftNaN === rightNaN ? 0 : leftNaN ? -1 : 1;
}

function numberOf(value: PartiqlValue): number {
  const inner = unwrap(value);
  if (typeof inner === 'number') return inner;
  return inner instanceof IonFloat ? inner.value : 0;
}

function compareSequences(left: readonly IonValue[], right: readonly IonValue[]): number {
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const order = totalOrder(left[i], right[i]);
    if (order !== 0) return order;
  }
  return Math.sign(left.length - right.length);
}

function compareStructs(left: Array<[string, IonValue]>, right: Array<[string, IonValue]>): number {
  const sorted = (fields: Array<[string, IonValue]>) => [...fields].sort(([a], [b]) => compareCodePoints(a, b));
  const [a, b] = [sorted(left), sorted(right)];
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const order = compareCodePoints(a[i][0], b[i][0]) || totalOrder(a[i][1], b[i][1]);
    if (order !== 0) return order;
  }
  return Math.sign(a.length - b.length);
}

/**
 * A string that two values share exactly when `=` holds between them (absent values: one key). A
 * container's key frames each part with its length instead of escaping it, and stands for a long one
 * by its SHA-256; while a value is keyed, each container's key is kept, so a part shared by several
 * containers (`[s, s]`) is keyed once: keying takes time in proportion to the distinct parts of a
 * value, however deep it nests or however often it repeats them.
 */
export function groupKey(value: PartiqlValue, keys = new Map<object, string>()): string {
  const inner = unwrap(value);
  if (typeof inner === 'string') return `t${inner}`;
  const type = typeOf(inner);
  if (type === 'null' || type === 'missing') return 'n';
  if (typeof inner === 'object' && inner !== null) {
    const known = keys.get(inner);
    if (known !== undefined) return known;
  }
  const items = elementsOf(inner);
  if (items) {
    const parts = items.map((item) => framed(groupKey(item, keys)));
    return containerKey(keys, inner as object, `${kindOfCollection(inner)}[${(inner instanceof Bag ? parts.sort() : parts).join('')}]`);
  }
  const fields = fieldsOf(inner);
  if (fields) return containerKey(keys, inner as object, `{${fields.map(([name, field]) => framed(name) + framed(groupKey(field, keys))).sort().join('')}}`);
  const key = ionOrderKey(inner as IonValue);
  return key ? `k${Buffer.from(key).toString('base64')}` : 'NaN';
}

/** Keys longer than this stand inside a container's key by their SHA-256. */
const LONGEST_KEPT_KEY = 64;

function containerKey(keys: Map<object, string>, container: object, text: string): string {
  const key = text.length > LONGEST_KEPT_KEY ? `h${createHash('sha256').update(text).digest('base64')}` : text;
  keys.set(container, key);
  return key;
}

/** A field name or a group key, prefixed by its length (`3:abc`); a long key by its SHA-256. */
function framed(part: string): string {
  const kept = part.length > LONGEST_KEPT_KEY ? `h${createHash('sha256').update(part).digest('base64')}` : part;
  return `${kept.length}:${kept}`;
}

/** Compares strings by code point (JavaScript's < compares UTF-16 units, which differs past U+FFFF). */
function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return Math.sign(codeUnitRank(x) - codeUnitRank(y));
  }
  return Math.sign(a.length - b.length);
}

/** Surrogates (U+D800–U+DFFF) rank above U+E000–U+FFFF, as the code points they encode do. */
function codeUnitRank(unit: number): number {
  return unit >= 0xd800 && unit <= 0xdfff ? unit + 0x2000 : unit >= 0xe000 ? unit - 0x800 : unit;
}
