// Reads exactly one Ion value with ion-js's reader into the ledger's value model: the codec's path
// for Ion text, and the reference the project's own binary reader is tested against.
import { IonType, IonTypes, makeReader, Reader } from 'ion-js';
import { IonFormatError } from './ion-format.error';
import { buildStruct } from './ion-struct-builder';
import { fieldsToDate, isDateShaped, timestampFields } from './ion-timestamp-fields';
import { floatValue, intValue, IonAnnotated, IonClob, IonSexp, IonSymbol, IonTypedNull, IonTypeName, IonValue } from './ion-value';
import { formatPath, MAX_DEPTH } from './value-path';

/** The keys from the top-level value down to where the reader is, for error messages. */
type Where = Array<string | number | undefined>;

/** Reads the single top-level value of `input`; throws IonFormatError for anything else. */
export function readWithIonJs(input: string | Uint8Array): IonValue {
  const reader = guard([], input, () => makeReader(input));
  if (guard([], input, () => reader.next()) === null) {
    throw new IonFormatError('Ion input holds no value; expected exactly one', input);
  }
  const value = readCurrentValue(reader, input);
  if (guard([], input, () => reader.next()) !== null) {
    throw new IonFormatError('Ion input holds more than one top-level value; expected exactly one', input);
  }
  return value;
}

/** Reads the value `reader` is positioned on (after `next()`); throws IonFormatError if it is malformed. */
export function readCurrentValue(reader: Reader, input?: unknown): IonValue {
  const where: Where = [];
  return guard(where, input, () => readCurrent(reader, reader.type()!, where));
}

/** Runs an ion-js call, turning whatever it throws into an IonFormatError that says where. */
function guard<T>(where: Where, input: unknown, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof IonFormatError) throw error;
    const problem = error instanceof Error ? error.message : String(error);
    throw new IonFormatError(`malformed Ion: ${problem} (near ${formatPath(where)})`, input);
  }
}

function readCurrent(reader: Reader, type: IonType, where: Where): IonValue {
  const annotations = reader.annotations();
  const value = reader.isNull() ? nullOf(type) : readNonNull(reader, type, where);
  return annotations.length > 0 ? new IonAnnotated(annotations, value) : value;
}

function nullOf(type: IonType): IonValue {
  return type === IonTypes.NULL ? null : new IonTypedNull(type.name as IonTypeName);
}

function readNonNull(reader: Reader, type: IonType, where: Where): IonValue {
  switch (type) {
    case IonTypes.BOOL:
      return reader.booleanValue()!;
    case IonTypes.INT:
      return intValue(reader.bigIntValue()!);
    case IonTypes.FLOAT:
      return floatValue(reader.numberValue()!);
    case IonTypes.DECIMAL:
      return reader.decimalValue()!;
    case IonTypes.TIMESTAMP: {
      const value = reader.timestampValue()!;
      const fields = timestampFields(value);
      return isDateShaped(fields) ? fieldsToDate(fields) : value;
    }
    case IonTypes.SYMBOL:
      return new IonSymbol(reader.stringValue());
    case IonTypes.STRING:
      return reader.stringValue()!;
    case IonTypes.CLOB:
      return new IonClob(Uint8Array.from(reader.uInt8ArrayValue()!));
    case IonTypes.BLOB:
      return Uint8Array.from(reader.uInt8ArrayValue()!);
    case IonTypes.LIST:
      return readSequence(reader, where);
    case IonTypes.SEXP:
      return new IonSexp(readSequence(reader, where));
    case IonTypes.STRUCT:
      return readStruct(reader, where);
    default:
      throw new IonFormatError(`unknown Ion type ${type.name} at ${formatPath(where)}`);
  }
}

function readSequence(reader: Reader, where: Where): IonValue[] {
  stepIn(reader, where);
  const items: IonValue[] = [];
  for (let type = reader.next(); type !== null; type = reader.next()) {
    where[where.length - 1] = items.length;
    items.push(readCurrent(reader, type, where));
  }
  stepOut(reader, where);
  return items;
}

function readStruct(reader: Reader, where: Where) {
  stepIn(reader, where);
  const names: string[] = [];
  const values: IonValue[] = [];
  for (let type = reader.next(); type !== null; type = reader.next()) {
    const name = reader.fieldName();
    if (name === null) {
      throw new IonFormatError(`a field name at ${formatPath(where)} is a symbol with unknown text, which the ledger's model cannot hold`);
    }
    where[where.length - 1] = name;
    names.push(name);
    values.push(readCurrent(reader, type, where));
  }
  stepOut(reader, where);
  return buildStruct(names, values);
}

function stepIn(reader: Reader, where: Where): void {
  if (where.length === MAX_DEPTH) {
    throw new IonFormatError(`Ion value at ${formatPath(where)} is nested deeper than ${MAX_DEPTH} levels`);
  }
  reader.stepIn();
  where.push(undefined);
}

function stepOut(reader: Reader, where: Where): void {
  reader.stepOut();
  where.pop();
}
