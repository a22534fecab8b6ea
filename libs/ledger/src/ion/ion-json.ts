// Ion values as JSON and back, losslessly: null, bools, strings, safe integers, lists and plain
// structs are themselves; every other value (float, decimal, timestamp, blob, symbol, big int,
// annotated value, sexp, clob, typed null, a struct with repeated names) is `{"$ion": "<its Ion
// text>"}`, and so is a struct whose only field is named `$ion`. So `fromIonJson(toIonJson(v))`
// hashes like `v`, and a JSON reader still sees the plain data as plain JSON.
import { decodeBase64 } from '../crypto';
import { fromIon, toIon } from './ion-codec';
import { IonFormatError } from './ion-format.error';
import { withIonJsConverted } from './ion-input';
import { IonKind, ionKindOf } from './ion-kind';
import { setField } from './ion-struct-builder';
import { isPlainObject, type IonStructObject, type IonValue } from './ion-value';
import { ValuePath } from './value-path';

/** The field name of a value written as Ion text. */
export const ION_JSON_FIELD = '$ion';

/** A JSON value. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [field: string]: JsonValue };

/** `value` as a JSON value (pass to JSON.stringify). */
export function toIonJson(value: IonValue): JsonValue {
  return withIonJsConverted(value, jsonOf);
}

function jsonOf(value: IonValue): JsonValue {
  switch (ionKindOf(value, new ValuePath())) {
    case IonKind.Null:
    case IonKind.Bool:
    case IonKind.Int:
    case IonKind.String:
      return value as JsonValue;
    case IonKind.List:
      return (value as IonValue[]).map(jsonOf);
    case IonKind.Struct:
      return structToJson(value as IonStructObject);
    default:
      return { [ION_JSON_FIELD]: toIon(value, 'text') };
  }
}

function structToJson(struct: IonStructObject): JsonValue {
  const fields = Object.keys(struct).filter((name) => struct[name] !== undefined);
  if (fields.length === 1 && fields[0] === ION_JSON_FIELD) return { [ION_JSON_FIELD]: toIon(struct, 'text') };
  const json: { [field: string]: JsonValue } = {};
  for (const name of fields) setField(json, name, jsonOf(struct[name] as IonValue));
  return json;
}

/** The Ion value a JSON value (parsed from toIonJson's output) stands for. Throws IonFormatError on a bad `$ion` text. */
export function fromIonJson(json: unknown): IonValue {
  if (json === null || typeof json === 'boolean' || typeof json === 'string' || typeof json === 'number') return json;
  if (Array.isArray(json)) return json.map(fromIonJson);
  if (!isPlainObject(json)) throw new IonFormatError('a JSON value must be null, a boolean, a number, a string, an array or an object', json);
  const fields = Object.keys(json);
  if (fields.length === 1 && fields[0] === ION_JSON_FIELD) {
    const text = json[ION_JSON_FIELD];
    if (typeof text !== 'string') throw new IonFormatError(`"${ION_JSON_FIELD}" must hold Ion text`, json);
    return blobOf(text) ?? fromIon(text);
  }
  const struct: IonStructObject = {};
  for (const name of fields) setField(struct, name, fromIonJson(json[name]));
  return struct;
}

const BLOB_TEXT = /^\{\{([A-Za-z0-9+/]*={0,2})\}\}$/;

/** The bytes of a blob as toIon writes it (`{{base64}}`), read without the Ion text parser; undefined for anything else. */
function blobOf(text: string): Uint8Array | undefined {
  const base64 = BLOB_TEXT.exec(text)?.[1];
  return base64 === undefined ? undefined : decodeBase64(base64);
}
