// The JavaScript shape of Ion values used throughout the ledger (ledger-format.md §1).
//
// Plain JavaScript values are used wherever they map to exactly one Ion value:
//   null → null.null, boolean → bool, integral number in the safe range → int, other number → float,
//   bigint → int, string → string, Date → timestamp (millisecond precision, offset Z),
//   Uint8Array → blob, array → list, plain object → struct (undefined fields absent),
//   ion-js Decimal → decimal, ion-js Timestamp → timestamp (precision and offset kept).
// The classes below carry the Ion values that no plain JavaScript value can stand for without loss.
// `fromIon` returns a plain value whenever one maps back to the same Ion value, a wrapper otherwise,
// so every value read from storage re-hashes to the same hash.
import { Decimal, Timestamp } from 'ion-js';

export { Decimal, Timestamp };

/** The Ion types that have a typed null (`null.int`, `null.struct`, …). */
export type IonTypeName =
  | 'bool'
  | 'int'
  | 'float'
  | 'decimal'
  | 'timestamp'
  | 'symbol'
  | 'string'
  | 'clob'
  | 'blob'
  | 'list'
  | 'sexp'
  | 'struct';

/** A 64-bit Ion float whose value a plain number would turn into an int (1e0, -0e0, 5e3). */
export class IonFloat {
  constructor(readonly value: number) {}
}

/** An Ion symbol; `text` null is a symbol with unknown text ($0). */
export class IonSymbol {
  constructor(readonly text: string | null) {}
}

/** An Ion clob: bytes meant as text in some encoding. */
export class IonClob {
  constructor(readonly bytes: Uint8Array) {}
}

/** An Ion s-expression. */
export class IonSexp {
  constructor(readonly items: IonValue[]) {}
}

/** A typed Ion null such as `null.int`; plain `null` is `null.null`. */
export class IonTypedNull {
  constructor(readonly type: IonTypeName) {}
}

/** An Ion value with annotations (`dollars::12.50`); the inner value carries none itself. */
export class IonAnnotated {
  constructor(
    readonly annotations: string[],
    readonly value: IonValue,
  ) {}
}

/** An Ion struct that repeats a field name, which a plain object cannot hold. */
export class IonStruct {
  constructor(readonly fields: Array<[string, IonValue]>) {}
}

/** The model value of an Ion float: an IonFloat where a plain number would stand for an int. */
export function floatValue(value: number): number | IonFloat {
  return Number.isSafeInteger(value) ? new IonFloat(value) : value;
}

/** The model value of an Ion int: a number in the safe range, a bigint beyond it. */
export function intValue(value: bigint): number | bigint {
  const small = Number(value);
  return Number.isSafeInteger(small) ? small : value;
}

/** A struct as a plain object. */
export interface IonStructObject {
  [field: string]: IonValue | undefined;
}

export type IonValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Date
  | Uint8Array
  | Decimal
  | Timestamp
  | IonValue[]
  | IonStructObject
  | IonFloat
  | IonSymbol
  | IonClob
  | IonSexp
  | IonTypedNull
  | IonAnnotated
  | IonStruct;

/**
 * True for `{}` literals and `Object.create(null)`: the objects that map to an Ion struct. Objects
 * made in another realm (a vm context, structuredClone under a test runner) count too.
 */
export function isPlainObject(value: unknown): value is IonStructObject {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === null || proto === Object.prototype || (Object.getPrototypeOf(proto) === null && proto.constructor?.name === 'Object');
}
