// The one door through which a caller's value becomes a value of the ledger's model: ion-js values
// (dom values, Decimal, Timestamp, from any copy of ion-js, recognised by their methods) become
// exactly the Ion value they stand for, annotations included, read through their exact accessors
// (never through Ion text, which ion-js prints wrongly for some ints); everything else is checked
// against the model (ion-kind.ts). A dom value is recognised before any Date, Uint8Array or Array
// branch could take it (dom.Timestamp is a Date, dom.Clob a Uint8Array, dom.SExpression an Array).
import { type DecimalLike, type DomValue, isDecimalLike, isIonJsDomValue, isTimestampLike, type TimestampLike } from './ion-js-dom';
import { IonJsValueError, IonKind, ionKindOf, TYPE_CODES } from './ion-kind';
import { buildStruct, setField } from './ion-struct-builder';
import {
  Decimal,
  floatValue,
  intValue,
  IonAnnotated,
  IonClob,
  IonSexp,
  IonStruct,
  IonSymbol,
  IonTypedNull,
  type IonStructObject,
  type IonTypeName,
  type IonValue,
  isPlainObject,
  Timestamp,
} from './ion-value';
import { ValuePath } from './value-path';

/**
 * `value` as a value of the ledger's model: ion-js values (at any depth) converted to exactly the
 * Ion value they stand for, the rest checked. Returns `value` itself when nothing in it needed
 * converting. Throws IonTypeError, naming the value and its path (`$.owners[0]`), for anything
 * that is not an Ion value.
 */
export function toIonValue(value: unknown): IonValue {
  return new IonInput().convert(value);
}

/**
 * `work(value)`, or `work(toIonValue(value))` when `value` holds ion-js values: functions taking the
 * ledger's values (toIon, ionHash) take ion-js values too, at no cost for values without them.
 */
export function withIonJsConverted<T>(value: unknown, work: (value: IonValue) => T): T {
  try {
    return work(value as IonValue);
  } catch (error) {
    if (error instanceof IonJsValueError) return work(toIonValue(value));
    throw error;
  }
}

/** One conversion: where it stands, and the containers already converted (a shared one converts once). */
class IonInput {
  private readonly path = new ValuePath();
  private readonly converted = new Map<object, IonValue>();

  convert(value: unknown): IonValue {
    if (typeof value !== 'object' || value === null) {
      ionKindOf(value, this.path);
      return value as IonValue;
    }
    const known = this.converted.get(value);
    if (known !== undefined) return known;
    const result = this.convertObject(value);
    this.converted.set(value, result);
    return result;
  }

  private convertObject(value: object): IonValue {
    if (isPlainObject(value)) return this.struct(value);
    if (isIonJsDomValue(value)) return this.dom(value);
    if (value instanceof Decimal || value instanceof Timestamp) return value;
    if (isDecimalLike(value)) return this.decimal(value);
    if (isTimestampLike(value)) return this.timestamp(value);
    switch (ionKindOf(value, this.path)) {
      case IonKind.List:
        return this.items(value, value as unknown[], (items) => items);
      case IonKind.Sexp:
        return this.items(value, (value as IonSexp).items, (items) => new IonSexp(items));
      case IonKind.FieldList:
        return this.fieldList(value as IonStruct);
      case IonKind.Annotated:
        return this.annotated(value as IonAnnotated);
      default:
        return value as IonValue;
    }
  }

  /** A plain object's fields converted; the object itself when none changed. */
  private struct(struct: IonStructObject): IonValue {
    this.path.enter(struct);
    let copy: IonStructObject | undefined;
    const names = Object.keys(struct);
    for (let i = 0; i < names.length; i++) {
      const name = names[i];
      const field = struct[name];
      if (field === undefined) continue;
      this.path.at(name);
      const converted = this.convert(field);
      if (converted !== field && copy === undefined) {
        copy = {};
        for (let j = 0; j < i; j++) setField(copy, names[j], struct[names[j]]);
      }
      if (copy !== undefined) setField(copy, name, converted);
    }
    this.path.leave();
    return copy ?? struct;
  }

  /** A sequence's items converted, rebuilt with `make` only when one changed. */
  private items(owner: object, items: readonly unknown[], make: (items: IonValue[]) => IonValue): IonValue {
    const converted = this.sequence(owner, items);
    return converted.some((item, i) => item !== items[i]) ? make(converted) : (owner as IonValue);
  }

  private sequence(owner: object, items: readonly unknown[]): IonValue[] {
    this.path.enter(owner);
    const converted = new Array<IonValue>(items.length);
    for (let i = 0; i < items.length; i++) {
      this.path.at(i);
      converted[i] = this.convert(items[i]);
    }
    this.path.leave();
    return converted;
  }

  private fieldList(struct: IonStruct): IonValue {
    this.path.enter(struct);
    let changed = false;
    const fields = struct.fields.map(([name, field]): [string, IonValue] => {
      this.path.at(name);
      const converted = this.convert(field);
      changed ||= converted !== field;
      return [name, converted];
    });
    this.path.leave();
    return changed ? new IonStruct(fields) : struct;
  }

  /** An annotated value whose inner value converted to an annotated one takes both lists: `a::b::v`. */
  private annotated(value: IonAnnotated): IonValue {
    const inner = this.convert(value.value);
    if (inner === value.value) return value;
    return inner instanceof IonAnnotated ? new IonAnnotated([...value.annotations, ...inner.annotations], inner.value) : new IonAnnotated(value.annotations, inner);
  }

  private dom(value: DomValue): IonValue {
    const type = this.domType(value);
    const annotations = this.annotations(value);
    const inner = value.isNull() ? this.typedNull(value, type) : this.domContent(value, type);
    return annotations.length > 0 ? new IonAnnotated(annotations, inner) : inner;
  }

  private domType(value: DomValue): string {
    const name = (value.getType() as { name?: unknown } | null)?.name;
    return typeof name === 'string' ? name : this.path.fail(value, 'is an ion-js value whose getType() names no Ion type');
  }

  private annotations(value: DomValue): string[] {
    const annotations = value.getAnnotations();
    if (!Array.isArray(annotations) || !annotations.every((a) => typeof a === 'string')) {
      return this.path.fail(value, 'is an ion-js value with an annotation that is not text (a symbol of unknown text), which the ledger cannot store');
    }
    return [...annotations];
  }

  private typedNull(value: DomValue, type: string): IonValue {
    if (type === 'null') return null;
    if (!Object.prototype.hasOwnProperty.call(TYPE_CODES, type)) return this.path.fail(value, `is an ion-js null of unknown type ${type}`);
    return new IonTypedNull(type as IonTypeName);
  }

  private domContent(value: DomValue, type: string): IonValue {
    switch (type) {
      case 'bool':
        return value.booleanValue() === true;
      case 'int':
        return this.int(value);
      case 'float':
        return floatValue(Number(value.numberValue()));
      case 'decimal':
        return this.domDecimal(value);
      case 'timestamp':
        return this.domTimestamp(value);
      case 'symbol':
        return new IonSymbol(this.text(value));
      case 'string':
        return this.text(value);
      case 'clob':
        return new IonClob(Uint8Array.from(value.uInt8ArrayValue() ?? []));
      case 'blob':
        return Uint8Array.from(value.uInt8ArrayValue() ?? []);
      case 'list':
        return this.sequence(value, value.elements());
      case 'sexp':
        return new IonSexp(this.sequence(value, value.elements()));
      case 'struct':
        return this.domStruct(value);
      default:
        return this.path.fail(value, `is an ion-js value of unknown Ion type ${type}`);
    }
  }

  /** A dom int's exact value (a dom.Integer made from a number that is no integer is refused). */
  private int(value: DomValue): IonValue {
    try {
      return intValue(value.bigIntValue()!);
    } catch {
      return this.path.fail(value, `is an ion-js int holding ${value.numberValue()}, which is not an integer`);
    }
  }

  private text(value: DomValue): string {
    const text = value.stringValue();
    return typeof text === 'string' ? text : this.path.fail(value, 'is an ion-js text value without text');
  }

  private domDecimal(value: DomValue): IonValue {
    const decimal = value.decimalValue();
    if (decimal instanceof Decimal) return decimal;
    return typeof decimal === 'object' && decimal !== null && isDecimalLike(decimal) ? this.decimal(decimal) : this.path.fail(value, 'is an ion-js decimal without a Decimal');
  }

  private domTimestamp(value: DomValue): IonValue {
    const timestamp = value.timestampValue();
    if (timestamp instanceof Timestamp) return timestamp;
    return typeof timestamp === 'object' && timestamp !== null && isTimestampLike(timestamp) ? this.timestamp(timestamp) : this.path.fail(value, 'is an ion-js timestamp without a Timestamp');
  }

  /** A dom struct's fields in order, a repeated name kept (as an IonStruct). */
  private domStruct(value: DomValue): IonValue {
    this.path.enter(value);
    const names: string[] = [];
    const values: IonValue[] = [];
    for (const [name, fieldValues] of value.allFields()) {
      for (const field of fieldValues) {
        this.path.at(name);
        names.push(name);
        values.push(this.convert(field));
      }
    }
    this.path.leave();
    return buildStruct(names, values);
  }

  /** A Decimal of another copy of ion-js, rebuilt from its coefficient, exponent and sign (so `-0.` stays negative). */
  private decimal(value: DecimalLike): IonValue {
    const coefficient = value.getCoefficient();
    const exponent = value.getExponent();
    if (typeof coefficient !== 'bigint' || !Number.isSafeInteger(exponent)) return this.path.fail(value, 'is a Decimal-like object without a bigint coefficient and an integer exponent');
    return new Decimal(coefficient, exponent, value.isNegative() === true);
  }

  /** A Timestamp of another copy of ion-js, read back from its Ion text (exact: precision, offset and fraction). */
  private timestamp(value: TimestampLike): IonValue {
    const text = String(value);
    let parsed: Timestamp | null = null;
    try {
      parsed = Timestamp.parse(text);
    } catch {
      // refused below
    }
    return parsed ?? this.path.fail(value, `is a Timestamp-like object whose text ${JSON.stringify(text)} is not an Ion timestamp`);
  }
}
