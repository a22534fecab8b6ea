// QLDB's scalar functions: text (UPPER, LOWER, TRIM, SUBSTRING, CHAR_LENGTH), date and time
// (DATE_ADD, DATE_DIFF, EXTRACT, TO_STRING, TO_TIMESTAMP, UTCNOW), TXID, and the null and
// collection helpers (COALESCE, NULLIF, SIZE, EXISTS). Unless a function says otherwise, a NULL or
// MISSING argument makes its result NULL.
import { type IonValue } from '../ion';
import { PartiqlEvaluationError, PartiqlTypeError } from './errors';
import { elementsOf, fieldsOf, isAbsent, isMissing, textOf, unwrap, type PartiqlValue } from './partiql-value';
import { formatTimestamp, parseTimestamp } from './timestamp-format';
import { dateAdd, dateDiff, extract, requireTime, type DatePart } from './timestamp-functions';
import { valuesEqual } from './value-compare';

/** What a function can know of the statement running it. */
export interface FunctionContext {
  /** When the statement started (UTCNOW). */
  now: Date;
  transactionId: string;
}

export interface BuiltinFunction {
  minArgs: number;
  maxArgs: number;
  /** Whether NULL or MISSING arguments make the result NULL without calling it. */
  absentIsNull: boolean;
  call(args: PartiqlValue[], context: FunctionContext): PartiqlValue;
}

const text = (name: string, value: PartiqlValue): string => {
  const result = textOf(value);
  if (result === undefined) throw new PartiqlTypeError(name, 'a string or symbol', value);
  return result;
};

const integer = (name: string, value: PartiqlValue): number => {
  const inner = unwrap(value);
  const number = typeof inner === 'bigint' ? Number(inner) : inner;
  if (typeof number !== 'number' || !Number.isInteger(number)) throw new PartiqlTypeError(name, 'an integer', value);
  return number;
};

const strict = (minArgs: number, maxArgs: number, call: BuiltinFunction['call']): BuiltinFunction => ({ minArgs, maxArgs, absentIsNull: true, call });

export const BUILTIN_FUNCTIONS: ReadonlyMap<string, BuiltinFunction> = new Map<string, BuiltinFunction>([
  ['UPPER', strict(1, 1, ([s]) => text('UPPER', s).toUpperCase())],
  ['LOWER', strict(1, 1, ([s]) => text('LOWER', s).toLowerCase())],
  ['CHAR_LENGTH', strict(1, 1, ([s]) => [...text('CHAR_LENGTH', s)].length)],
  ['CHARACTER_LENGTH', strict(1, 1, ([s]) => [...text('CHARACTER_LENGTH', s)].length)],
  ['SUBSTRING', strict(2, 3, ([s, start, length]) => substring(text('SUBSTRING', s), integer('SUBSTRING', start), length === undefined ? undefined : integer('SUBSTRING', length)))],
  ['TRIM', strict(3, 3, ([spec, characters, s]) => trim(textOf(spec) as string, text('TRIM', characters), text('TRIM', s)))],
  ['DATE_ADD', strict(3, 3, ([part, interval, timestamp]) => dateAdd(textOf(part) as DatePart, interval, timestamp))],
  ['DATE_DIFF', strict(3, 3, ([part, from, to]) => dateDiff(textOf(part) as DatePart, from, to))],
  ['EXTRACT', strict(2, 2, ([part, timestamp]) => extract(textOf(part) as DatePart, timestamp))],
  ['TO_STRING', strict(2, 2, ([timestamp, pattern]) => formatTimestamp(requireTime('TO_STRING', timestamp), text('TO_STRING', pattern)))],
  [
    'TO_TIMESTAMP',
    strict(1, 2, ([value, pattern]) => parseTimestamp(text('TO_TIMESTAMP', value), pattern === undefined ? undefined : text('TO_TIMESTAMP', pattern))),
  ],
  ['UTCNOW', strict(0, 0, (_args, context) => new Date(context.now.getTime()))],
  ['TXID', strict(0, 0, (_args, context) => context.transactionId)],
  ['COALESCE', { minArgs: 1, maxArgs: Infinity, absentIsNull: false, call: (args) => args.find((arg) => !isAbsent(arg)) ?? null }],
  ['NULLIF', { minArgs: 2, maxArgs: 2, absentIsNull: false, call: ([a, b]) => nullIf(a, b) }],
  ['SIZE', strict(1, 1, ([collection]) => size(collection))],
  ['EXISTS', { minArgs: 1, maxArgs: 1, absentIsNull: false, call: ([collection]) => (elementsOf(collection)?.length ?? 0) > 0 }],
]);

/** SQL's SUBSTRING: code points from 1-based `start`, `length` of them (or to the end). */
function substring(s: string, start: number, length: number | undefined): string {
  if (length !== undefined && length < 0) throw new PartiqlEvaluationError(`SUBSTRING length must not be negative, not ${length}`, length);
  const chars = [...s];
  const first = Math.max(start, 1);
  const end = length === undefined ? chars.length + 1 : Math.min(start + length, chars.length + 1);
  return end <= first ? '' : chars.slice(first - 1, end - 1).join('');
}

function trim(spec: string, characters: string, s: string): string {
  const remove = new Set(characters);
  const chars = [...s];
  let start = 0;
  let end = chars.length;
  if (spec !== 'TRAILING') while (start < end && remove.has(chars[start])) start++;
  if (spec !== 'LEADING') while (end > start && remove.has(chars[end - 1])) end--;
  return chars.slice(start, end).join('');
}

function nullIf(a: PartiqlValue, b: PartiqlValue): PartiqlValue {
  if (isAbsent(a)) return isMissing(a) ? null : a;
  return !isAbsent(b) && valuesEqual(a, b) ? null : a;
}

function size(collection: PartiqlValue): IonValue {
  const items = elementsOf(collection) ?? fieldsOf(collection);
  if (!items) throw new PartiqlTypeError('SIZE', 'a list, sexp, bag or struct', collection);
  return items.length;
}
