// CAST(value AS type): conversions between Ion types as PartiQL defines them. Numbers convert
// exactly where the target can hold the value (a decimal to int truncates toward zero); text
// converts to and from numbers and timestamps through their Ion text; a conversion that cannot
// be made is a PartiqlTypeError. NULL and MISSING stay what they are.
import { fromIon, IonClob, IonSexp, IonSymbol, Timestamp, toIon, type IonValue } from '../ion';
import { PartiqlEvaluationError, PartiqlTypeError } from './errors';
import { exactOf, floatValue, normalizeInt, numericKind, toDecimal, toNumber } from './numeric';
import { Bag, elementsOf, fieldsOf, isAbsent, isMissing, MISSING, textOf, typeOf, unwrap, type PartiqlValue } from './partiql-value';

export type CastTarget = 'NULL' | 'MISSING' | 'BOOL' | 'INT' | 'FLOAT' | 'DECIMAL' | 'STRING' | 'SYMBOL' | 'TIMESTAMP' | 'BLOB' | 'CLOB' | 'LIST' | 'SEXP' | 'BAG' | 'STRUCT';

/** Ints longer than this are refused rather than built digit by digit. */
const MAX_INT_DIGITS = 10_000;

const TARGETS: Readonly<Record<string, CastTarget>> = {
  NULL: 'NULL',
  MISSING: 'MISSING',
  BOOL: 'BOOL',
  BOOLEAN: 'BOOL',
  SMALLINT: 'INT',
  INT: 'INT',
  INT2: 'INT',
  INT4: 'INT',
  INT8: 'INT',
  INTEGER: 'INT',
  BIGINT: 'INT',
  FLOAT: 'FLOAT',
  REAL: 'FLOAT',
  'DOUBLE PRECISION': 'FLOAT',
  DECIMAL: 'DECIMAL',
  DEC: 'DECIMAL',
  NUMERIC: 'DECIMAL',
  STRING: 'STRING',
  VARCHAR: 'STRING',
  CHAR: 'STRING',
  CHARACTER: 'STRING',
  SYMBOL: 'SYMBOL',
  TIMESTAMP: 'TIMESTAMP',
  BLOB: 'BLOB',
  CLOB: 'CLOB',
  LIST: 'LIST',
  SEXP: 'SEXP',
  BAG: 'BAG',
  STRUCT: 'STRUCT',
  TUPLE: 'STRUCT',
};

/** The cast target a type name stands for; undefined for a name PartiQL does not know. */
export function castTarget(typeName: string): CastTarget | undefined {
  return TARGETS[typeName];
}

export function castValue(value: PartiqlValue, target: CastTarget): PartiqlValue {
  if (target === 'MISSING') return MISSING;
  if (target === 'NULL') return null;
  if (isMissing(value)) return MISSING;
  if (isAbsent(value)) return null;
  const inner = unwrap(value);
  const converted = convert(inner, target);
  if (converted === undefined) throw new PartiqlTypeError(`CAST AS ${target}`, `a value convertible to ${target}`, value);
  return converted;
}

function convert(value: PartiqlValue, target: CastTarget): PartiqlValue | undefined {
  switch (target) {
    case 'BOOL':
      return toBool(value);
    case 'INT':
    case 'FLOAT':
    case 'DECIMAL':
      return toNumeric(value, target);
    case 'STRING':
    case 'SYMBOL': {
      const text = toText(value);
      return text === undefined || target === 'STRING' ? text : new IonSymbol(text);
    }
    case 'TIMESTAMP':
      return value instanceof Date || value instanceof Timestamp ? value : fromText(value, (v) => v instanceof Timestamp || v instanceof Date);
    case 'BLOB':
    case 'CLOB':
      return toLob(value, target);
    case 'STRUCT':
      return fieldsOf(value) ? value : undefined;
    case 'LIST':
    case 'SEXP':
    case 'BAG':
      return toCollection(value, target);
    default:
      return undefined;
  }
}

function toBool(value: PartiqlValue): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (numericKind(value)) return toNumber(value as IonValue) !== 0;
  const text = textOf(value)?.trim().toLowerCase();
  return text === 'true' ? true : text === 'false' ? false : undefined;
}

function toNumeric(value: PartiqlValue, target: 'INT' | 'FLOAT' | 'DECIMAL'): IonValue | undefined {
  const number = typeof value === 'boolean' ? (value ? 1 : 0) : numericKind(value) ? (value as IonValue) : fromText(value, (v) => numericKind(v) !== undefined);
  if (number === undefined) return undefined;
  if (target === 'FLOAT') return floatValue(toNumber(number));
  const kind = numericKind(number);
  if (kind === 'float' && !Number.isFinite(toNumber(number))) return undefined;
  if (target === 'DECIMAL') return kind === 'decimal' ? number : toDecimal(exactOf(number));
  return kind === 'int' ? number : truncate(exactOf(number));
}

/** The integer part of a decimal, toward zero. */
function truncate(exact: { coefficient: bigint; exponent: number }): number | bigint {
  if (exact.exponent > MAX_INT_DIGITS) throw new PartiqlEvaluationError(`a number with ${exact.exponent} digits is too large to CAST AS INT`, exact.exponent);
  if (exact.exponent >= 0) return normalizeInt(exact.coefficient * 10n ** BigInt(exact.exponent));
  const digits = -exact.exponent;
  return digits > exact.coefficient.toString().length ? 0 : normalizeInt(exact.coefficient / 10n ** BigInt(digits));
}

function toText(value: PartiqlValue): string | undefined {
  const text = textOf(value);
  if (text !== undefined) return text;
  const type = typeOf(value);
  if (type === 'bool' || numericKind(value) || type === 'timestamp') return toIon(value as IonValue, 'text');
  return undefined;
}

/** The value Ion text reads as, when `accept` takes it. */
function fromText(value: PartiqlValue, accept: (parsed: IonValue) => boolean): IonValue | undefined {
  const text = textOf(value)?.trim().replace(/^\+/, '');
  if (!text) return undefined;
  try {
    const parsed = fromIon(text);
    return accept(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function toLob(value: PartiqlValue, target: 'BLOB' | 'CLOB'): IonValue | undefined {
  const bytes = value instanceof Uint8Array ? value : value instanceof IonClob ? value.bytes : undefined;
  if (!bytes) return undefined;
  return target === 'BLOB' ? bytes : new IonClob(bytes);
}

function toCollection(value: PartiqlValue, target: 'LIST' | 'SEXP' | 'BAG'): PartiqlValue | undefined {
  const items = elementsOf(value);
  if (!items) return undefined;
  if (target === 'LIST') return [...items];
  return target === 'SEXP' ? new IonSexp([...items]) : new Bag([...items]);
}
