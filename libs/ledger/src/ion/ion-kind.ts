// Sorts a JavaScript value into the Ion value it stands for (ledger-format.md §1), checking the
// wrappers' contents on the way; every encoder and the hasher dispatch on this one function.
import {
  Decimal,
  IonAnnotated,
  IonClob,
  IonFloat,
  IonSexp,
  IonStruct,
  IonSymbol,
  IonTypedNull,
  IonTypeName,
  isPlainObject,
  Timestamp,
} from './ion-value';
import { describeValue } from '../errors';
import { isDecimalLike, isIonJsDomValue, isTimestampLike } from './ion-js-dom';
import { IonTypeError } from './ion-type.error';
import { ValuePath } from './value-path';

export enum IonKind {
  Null,
  TypedNull,
  Bool,
  /** A number that is a safe integer. */
  Int,
  BigInt,
  /** Any other number. */
  Float,
  /** An IonFloat wrapper. */
  WrappedFloat,
  Decimal,
  Timestamp,
  Date,
  Symbol,
  String,
  Clob,
  Blob,
  List,
  Sexp,
  /** A plain object. */
  Struct,
  /** An IonStruct wrapper (repeated field names). */
  FieldList,
  Annotated,
}

/** The binary type code of each type that has a typed null. */
export const TYPE_CODES: Readonly<Record<IonTypeName, number>> = {
  bool: 1,
  int: 2,
  float: 4,
  decimal: 5,
  timestamp: 6,
  symbol: 7,
  string: 8,
  clob: 9,
  blob: 10,
  list: 11,
  sexp: 12,
  struct: 13,
};

const SUPPORTED =
  'is not an Ion value (supported: null, boolean, number, bigint, string, Date, Uint8Array, array, ' +
  'plain object, Decimal, Timestamp, and the Ion* wrapper classes)';

/**
 * An ion-js value (a dom value, or a Decimal or Timestamp of another copy of ion-js) met where the
 * ledger's own values are expected: toIon, ionHash and toIonJson convert the value (toIonValue)
 * and start again; anywhere else it is refused.
 */
export class IonJsValueError extends IonTypeError {
  constructor(value: object, path: ValuePath) {
    super(`${describeValue(value)} at ${path} is an ion-js value, which toIonValue turns into the ledger's value of it`, value, `${path}`);
  }
}

/** The Ion kind of `value`; throws IonTypeError naming `path` when it has none. */
export function ionKindOf(value: unknown, path: ValuePath): IonKind {
  switch (typeof value) {
    case 'string':
      return IonKind.String;
    case 'number':
      return Number.isSafeInteger(value) ? IonKind.Int : IonKind.Float;
    case 'boolean':
      return IonKind.Bool;
    case 'bigint':
      return IonKind.BigInt;
    case 'object':
      return value === null ? IonKind.Null : objectKind(value, path);
    default:
      return path.fail(value, SUPPORTED);
  }
}

function objectKind(value: object, path: ValuePath): IonKind {
  if (isPlainObject(value)) return IonKind.Struct;
  if (isIonJsDomValue(value)) throw new IonJsValueError(value, path);
  if (Array.isArray(value)) return IonKind.List;
  if (value instanceof Uint8Array) return IonKind.Blob;
  if (value instanceof Date) return checkDate(value, path);
  if (value instanceof Decimal) return IonKind.Decimal;
  if (value instanceof Timestamp) return IonKind.Timestamp;
  if (value instanceof IonFloat) return checkFloat(value, path);
  if (value instanceof IonSymbol) return checkSymbol(value, path);
  if (value instanceof IonStruct) return checkArray(value.fields, IonKind.FieldList, value, path);
  if (value instanceof IonAnnotated) return checkAnnotated(value, path);
  if (value instanceof IonSexp) return checkArray(value.items, IonKind.Sexp, value, path);
  if (value instanceof IonTypedNull) return checkTypedNull(value, path);
  if (value instanceof IonClob) return checkClob(value, path);
  return foreignRealmKind(value, path);
}

/** Byte arrays and dates made in another realm (a vm context, a worker's structuredClone); Decimals and Timestamps of another ion-js. */
function foreignRealmKind(value: object, path: ValuePath): IonKind {
  if (isDecimalLike(value) || isTimestampLike(value)) throw new IonJsValueError(value, path);
  const tag = Object.prototype.toString.call(value);
  if (tag === '[object Uint8Array]') return IonKind.Blob;
  if (tag === '[object Date]') return checkDate(value as Date, path);
  return path.fail(value, SUPPORTED);
}

function checkDate(value: Date, path: ValuePath): IonKind {
  const year = value.getUTCFullYear();
  if (Number.isNaN(year)) return path.fail(value, 'is an Invalid Date');
  if (year < 1 || year > 9999) return path.fail(value, `is in year ${year}; Ion timestamps cover years 1 to 9999`);
  return IonKind.Date;
}

function checkFloat(value: IonFloat, path: ValuePath): IonKind {
  if (typeof value.value !== 'number') return path.fail(value.value, 'in an IonFloat is not a number');
  return IonKind.WrappedFloat;
}

function checkSymbol(value: IonSymbol, path: ValuePath): IonKind {
  if (typeof value.text !== 'string' && value.text !== null) {
    return path.fail(value.text, 'as IonSymbol text is neither a string nor null');
  }
  return IonKind.Symbol;
}

function checkArray(items: unknown, kind: IonKind, owner: object, path: ValuePath): IonKind {
  if (!Array.isArray(items)) return path.fail(owner, `holds ${describeKind(items)} instead of an array`);
  return kind;
}

function checkAnnotated(value: IonAnnotated, path: ValuePath): IonKind {
  const { annotations } = value;
  if (!Array.isArray(annotations) || annotations.length === 0 || !annotations.every((a) => typeof a === 'string')) {
    return path.fail(value, 'needs a non-empty array of string annotations');
  }
  if (value.value instanceof IonAnnotated) {
    return path.fail(value, 'wraps another IonAnnotated; put all the annotations on one wrapper');
  }
  return IonKind.Annotated;
}

function checkTypedNull(value: IonTypedNull, path: ValuePath): IonKind {
  if (!Object.prototype.hasOwnProperty.call(TYPE_CODES, value.type)) {
    return path.fail(value.type, 'is not an Ion type name for IonTypedNull');
  }
  return IonKind.TypedNull;
}

function checkClob(value: IonClob, path: ValuePath): IonKind {
  if (!(value.bytes instanceof Uint8Array)) return path.fail(value.bytes, 'in an IonClob is not a Uint8Array');
  return IonKind.Clob;
}

function describeKind(value: unknown): string {
  return value === null ? 'null' : typeof value;
}
