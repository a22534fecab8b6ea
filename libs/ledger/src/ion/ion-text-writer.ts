// Ion text of a value in the ledger's model, compact and exact: floats in shortest round-trip form,
// decimals and timestamps with their precision, and symbols with unknown text through a local symbol
// table slot without text (ion-js, which reads our text, refuses the `$0` spelling).
import { encodeBase64 } from '../crypto';
import { IonKind, ionKindOf } from './ion-kind';
import { FieldVisitor, forEachField } from './ion-struct-fields';
import { ION_SYMBOL_TABLE } from './ion-system-symbols';
import {
  Decimal,
  IonAnnotated,
  IonClob,
  IonFloat,
  IonSexp,
  IonStruct,
  IonStructObject,
  IonSymbol,
  IonTypedNull,
  IonValue,
  Timestamp,
} from './ion-value';
import { hasUnpairedSurrogate, UNPAIRED_SURROGATE_PROBLEM } from './utf16';
import { ValuePath } from './value-path';

/** The local symbol table that gives SID 10 no text, and the SID to write unknown-text symbols as. */
const UNKNOWN_TEXT_TABLE = `${ION_SYMBOL_TABLE}::{symbols:[null]}\n`;
const UNKNOWN_TEXT_SYMBOL = '$10';

const PLAIN_SYMBOL = /^[A-Za-z_][A-Za-z0-9_$]*$/;
const KEYWORDS = new Set(['null', 'true', 'false', 'nan']);
const NEEDS_ESCAPE = /["'\\\x00-\x1f\x7f]/;

export class IonTextWriter {
  private text = '';
  private unknownText = false;
  private readonly path = new ValuePath();
  private readonly fieldWriter: FieldVisitor = (name, value) => this.writeField(name, value);
  /** Whether the struct being written has no field yet (reset on entering each struct). */
  private firstField = true;

  write(value: IonValue): string {
    this.text = '';
    this.unknownText = false;
    this.path.reset();
    this.writeValue(value);
    return this.unknownText ? UNKNOWN_TEXT_TABLE + this.text : this.text;
  }

  private writeValue(value: unknown): void {
    switch (ionKindOf(value, this.path)) {
      case IonKind.Null:
        this.text += 'null';
        return;
      case IonKind.TypedNull:
        this.text += `null.${(value as IonTypedNull).type}`;
        return;
      case IonKind.Bool:
      case IonKind.Int:
      case IonKind.BigInt:
        this.text += String(value);
        return;
      case IonKind.Float:
        this.text += floatText(value as number);
        return;
      case IonKind.WrappedFloat:
        this.text += floatText((value as IonFloat).value);
        return;
      case IonKind.Decimal:
        this.text += decimalText(value as Decimal);
        return;
      case IonKind.Timestamp:
        this.text += (value as Timestamp).toString();
        return;
      case IonKind.Date:
        this.text += (value as Date).toISOString();
        return;
      case IonKind.Symbol:
        this.writeSymbol((value as IonSymbol).text);
        return;
      case IonKind.String:
        this.text += `"${this.escape(value as string, '"')}"`;
        return;
      case IonKind.Clob:
        this.text += `{{"${clobText((value as IonClob).bytes)}"}}`;
        return;
      case IonKind.Blob:
        this.text += `{{${encodeBase64(value as Uint8Array)}}}`;
        return;
      case IonKind.List:
        return this.writeSequence(value as unknown[], value as unknown[], '[', ',', ']');
      case IonKind.Sexp:
        return this.writeSequence(value as IonSexp, (value as IonSexp).items, '(', ' ', ')');
      case IonKind.Struct:
      case IonKind.FieldList:
        return this.writeStruct(value as IonStructObject | IonStruct);
      case IonKind.Annotated:
        return this.writeAnnotated(value as IonAnnotated);
    }
  }

  private writeSymbol(text: string | null): void {
    if (text === null) {
      this.unknownText = true;
      this.text += UNKNOWN_TEXT_SYMBOL;
    } else {
      this.text += this.symbolText(text);
    }
  }

  /** A symbol's text as an identifier where that reads back the same, else quoted. */
  private symbolText(text: string): string {
    if (PLAIN_SYMBOL.test(text) && !KEYWORDS.has(text)) return text;
    return `'${this.escape(text, "'")}'`;
  }

  private writeSequence(container: object, items: unknown[], open: string, separator: string, close: string): void {
    const path = this.path;
    path.enter(container);
    this.text += open;
    for (let i = 0; i < items.length; i++) {
      if (i > 0) this.text += separator;
      path.at(i);
      this.writeValue(items[i]);
    }
    this.text += close;
    path.leave();
  }

  private writeStruct(struct: IonStructObject | IonStruct): void {
    const path = this.path;
    path.enter(struct);
    this.text += '{';
    this.firstField = true;
    forEachField(struct, path, this.fieldWriter);
    this.text += '}';
    path.leave();
  }

  private writeField(name: string, value: unknown): void {
    this.text += `${this.firstField ? '' : ','}${this.symbolText(name)}:`;
    this.writeValue(value);
    this.firstField = false;
  }

  private writeAnnotated(value: IonAnnotated): void {
    for (const annotation of value.annotations) this.text += `${this.symbolText(annotation)}::`;
    this.writeValue(value.value);
  }

  /** Escapes quotes, backslashes and control characters for a quoted string or symbol. */
  private escape(text: string, quote: string): string {
    if (hasUnpairedSurrogate(text)) this.path.fail(text, UNPAIRED_SURROGATE_PROBLEM);
    if (!NEEDS_ESCAPE.test(text)) return text;
    let escaped = '';
    for (const char of text) {
      const code = char.charCodeAt(0);
      if (char === quote || char === '\\') escaped += `\\${char}`;
      else if (code < 0x20 || code === 0x7f) escaped += `\\x${code.toString(16).padStart(2, '0')}`;
      else escaped += char;
    }
    return escaped;
  }
}

/** A float in shortest round-trip form with an exponent, so it reads back as a float. */
function floatText(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (value === Infinity) return '+inf';
  if (value === -Infinity) return '-inf';
  if (Object.is(value, -0)) return '-0e0';
  const text = String(value);
  return text.includes('e') ? text.replace('e+', 'e') : `${text}e0`;
}

/**
 * A decimal keeping its exact coefficient and exponent: with a decimal point when the exponent is
 * small (`90.25`, `12.`, `0.0050`), in `d` notation otherwise (`5d300`, `-7d-40`).
 */
function decimalText(value: Decimal): string {
  const coefficient = value.getCoefficient();
  const digits = (coefficient < 0n ? -coefficient : coefficient).toString();
  const exponent = value.getExponent() + 0;
  const sign = value.isNegative() ? '-' : '';
  if (exponent > 0 || exponent < -40) return `${sign}${digits}d${exponent}`;
  if (exponent === 0) return `${sign}${digits}.`;
  const padded = digits.padStart(1 - exponent, '0');
  const point = padded.length + exponent;
  return `${sign}${padded.slice(0, point)}.${padded.slice(point)}`;
}

/** Clob bytes as a short string: printable ASCII as is, everything else as `\xHH`. */
function clobText(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) {
    if (byte >= 0x20 && byte < 0x7f && byte !== 0x22 && byte !== 0x5c) text += String.fromCharCode(byte);
    else text += `\\x${byte.toString(16).padStart(2, '0')}`;
  }
  return text;
}
