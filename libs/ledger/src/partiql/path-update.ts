// Changes inside a document for UPDATE and FROM … SET / REMOVE / INSERT INTO: each returns a new
// value, copying only the containers along the path (the document read is never modified).
// SET creates missing struct fields on its way; REMOVE of something absent changes nothing;
// INSERT INTO adds an element to a list (at a position, or last) or a field to a struct (AT its name).
import { IonSexp, IonStruct, isPlainObject, type IonStructObject, type IonValue } from '../ion';
import { PartiqlEvaluationError } from './errors';
import { isMissing, textOf, toStored, unwrap, type PartiqlValue } from './partiql-value';

/** One evaluated step of a path: a field name or a list position. */
export type PathKey = string | number;

/** `root` with the value at `keys` set to `value` (MISSING removes it). */
export function setPath(root: IonValue, keys: readonly PathKey[], value: PartiqlValue): IonValue {
  const [key, ...rest] = keys;
  const current = childOf(root, key);
  if (rest.length === 0) return isMissing(value) ? withoutChild(root, key) : withChild(root, key, stored(value));
  const base = current ?? (typeof rest[0] === 'string' ? {} : fail(`there is no list at ${describe(keys.slice(0, 1))} to index`, key));
  return withChild(root, key, setPath(base, rest, value));
}

/** `root` without the value at `keys`; unchanged when there is none. */
export function removePath(root: IonValue, keys: readonly PathKey[]): IonValue {
  const [key, ...rest] = keys;
  const current = childOf(root, key);
  if (current === undefined) return root;
  return rest.length === 0 ? withoutChild(root, key) : withChild(root, key, removePath(current, rest));
}

/** `root` with `value` added into the list or struct at `keys`: a list at position `at` (default last), a struct as field `at`. */
export function insertIntoPath(root: IonValue, keys: readonly PathKey[], value: PartiqlValue, at: PartiqlValue | undefined): IonValue {
  if (keys.length === 0) return insertInto(root, value, at);
  const [key, ...rest] = keys;
  const current = childOf(root, key);
  if (current === undefined) fail(`there is nothing at ${describe(keys)} to insert into`, key);
  return withChild(root, key, insertIntoPath(current, rest, value, at));
}

function insertInto(container: IonValue, value: PartiqlValue, at: PartiqlValue | undefined): IonValue {
  const items = listItems(container);
  if (items) {
    const position = at === undefined ? items.length : unwrap(at);
    if (typeof position !== 'number' || !Number.isInteger(position) || position < 0 || position > items.length) {
      fail(`INSERT INTO a list takes AT a position from 0 to ${items.length}`, at);
    }
    const copy = [...items];
    copy.splice(position, 0, stored(value));
    return container instanceof IonSexp ? new IonSexp(copy) : copy;
  }
  const name = at === undefined ? undefined : textOf(at);
  if (!isStruct(container) || name === undefined) fail('INSERT INTO takes a list, or a struct with AT the new field name', at);
  if (childOf(container, name) !== undefined) fail(`the struct already has a field ${JSON.stringify(name)}; use SET to change it`, name);
  return withChild(container, name, stored(value));
}

function childOf(container: IonValue, key: PathKey): IonValue | undefined {
  if (typeof key === 'string') {
    if (isPlainObject(container)) return Object.prototype.hasOwnProperty.call(container, key) ? container[key] : undefined;
    if (container instanceof IonStruct) return container.fields.find(([name]) => name === key)?.[1];
    return undefined;
  }
  const items = listItems(container);
  return items && key >= 0 && key < items.length ? items[key] : undefined;
}

function withChild(container: IonValue, key: PathKey, value: IonValue): IonValue {
  if (typeof key === 'string') {
    if (isPlainObject(container)) return { ...container, [key]: value };
    if (container instanceof IonStruct) return structWith(container, key, value);
    return fail(`cannot set field ${JSON.stringify(key)} of a value that is not a struct`, key);
  }
  const items = listItems(container);
  if (!items || key < 0 || key > items.length) fail(`position ${key} is outside the list (0 to ${items?.length ?? 0})`, key);
  const copy = [...items];
  copy[key] = value;
  return container instanceof IonSexp ? new IonSexp(copy) : copy;
}

function withoutChild(container: IonValue, key: PathKey): IonValue {
  if (typeof key === 'string') {
    if (isPlainObject(container)) {
      const copy: IonStructObject = { ...container };
      delete copy[key];
      return copy;
    }
    return container instanceof IonStruct ? new IonStruct(container.fields.filter(([name]) => name !== key)) : container;
  }
  const items = listItems(container);
  if (!items || key < 0 || key >= items.length) return container;
  const copy = items.filter((_, i) => i !== key);
  return container instanceof IonSexp ? new IonSexp(copy) : copy;
}

function structWith(struct: IonStruct, key: string, value: IonValue): IonStruct {
  const index = struct.fields.findIndex(([name]) => name === key);
  const fields = [...struct.fields];
  if (index < 0) fields.push([key, value]);
  else fields[index] = [key, value];
  return new IonStruct(fields);
}

function listItems(value: IonValue): IonValue[] | undefined {
  if (Array.isArray(value)) return value;
  return value instanceof IonSexp ? value.items : undefined;
}

function isStruct(value: IonValue): boolean {
  return isPlainObject(value) || value instanceof IonStruct;
}

function stored(value: PartiqlValue): IonValue {
  const result = toStored(value);
  return isMissing(result) ? null : result;
}

function describe(keys: readonly PathKey[]): string {
  return keys.map((key) => (typeof key === 'number' ? `[${key}]` : `.${key}`)).join('') || 'the document';
}

function fail(message: string, value: unknown): never {
  throw new PartiqlEvaluationError(message, value);
}
