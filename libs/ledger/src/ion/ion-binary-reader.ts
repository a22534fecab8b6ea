// Ion binary decoding into the ledger's value model: exactly one top-level user value, local symbol
// tables and NOP padding handled (the table opening a stream read once for all the streams that open
// with the same bytes), every length checked against its container, and each problem reported as an
// IonFormatError with its byte offset.
import { IonFormatError } from './ion-format.error';
import { buildStruct } from './ion-struct-builder';
import { BINARY_VERSION_MARKER, ION_1_0, ION_SYMBOL_TABLE, SYSTEM_SYMBOLS } from './ion-system-symbols';
import { fieldsToDate, fieldsToTimestamp, isDateShaped, Precision, yearFields } from './ion-timestamp-fields';
import {
  Decimal,
  floatValue,
  intValue,
  IonAnnotated,
  IonClob,
  IonFloat,
  IonSexp,
  IonStruct,
  IonSymbol,
  IonTypedNull,
  IonTypeName,
  IonValue,
  isPlainObject,
} from './ion-value';
import { indexOf } from './string-methods';
import { MAX_DEPTH } from './value-path';

const TYPE_NAMES: ReadonlyArray<IonTypeName | null> = [
  null,
  'bool',
  'int',
  'int',
  'float',
  'decimal',
  'timestamp',
  'symbol',
  'string',
  'clob',
  'blob',
  'list',
  'sexp',
  'struct',
];

/** Fractional seconds finer than this many digits are taken for corrupt input rather than expanded. */
const MAX_FRACTION_DIGITS = 1000;

/** More imported symbols than this is taken for a corrupt symbol table rather than allocated. */
const MAX_IMPORTED_SYMBOLS = 1_000_000;

/** A symbol table that followed a version marker, as bytes, and the symbols it made. */
interface OpeningTable {
  bytes: Uint8Array;
  symbols: ReadonlyArray<string | null>;
}

/** How many opening symbol tables are kept: a block's header, metadata and documents of a few shapes. */
const OPENING_TABLES = 8;

/** The opening symbol tables read last, replaced in turn. */
const openingTables: OpeningTable[] = [];
let nextOpeningTable = 0;

/** Returned for NOP padding, which is no value. */
export const NOTHING = Symbol('nothing');
export type Read = IonValue | typeof NOTHING;

/**
 * Strings up to this many bytes are built character by character when ASCII (strings so short come
 * out flat), longer ones decoded by the platform (measured on Node 20: ~13 ns a character against
 * ~130 ns a call).
 */
const SHORT_STRING_BYTES = 12;

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
/** Replaces invalid bytes with U+FFFD instead of throwing; keeps a leading BOM as text, as Ion requires. */
const lenientUtf8Decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/** Reads the single top-level value of an Ion binary stream (starting with the version marker). */
export function readIonBinary(bytes: Uint8Array): IonValue {
  return new BinaryReader(bytes).readSingle();
}

/** The top-level values of an Ion binary stream (one or several version markers), in order. */
export function readIonBinaryStream(bytes: Uint8Array): Generator<IonValue> {
  return new BinaryReader(bytes).readAll();
}

/** True if `bytes` starts with the Ion binary version marker. */
export function isIonBinary(bytes: Uint8Array): boolean {
  return hasVersionMarkerAt(bytes, 0);
}

function hasVersionMarkerAt(bytes: Uint8Array, at: number): boolean {
  return startsWith(bytes, at, BINARY_VERSION_MARKER);
}

/** True if `bytes` holds `prefix` from `at` on. */
function startsWith(bytes: Uint8Array, at: number, prefix: ArrayLike<number>): boolean {
  if (at + prefix.length > bytes.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[at + i] !== prefix[i]) return false;
  return true;
}

/** Decodes Ion binary; its cursor, checks and symbol tables are shared with the Ion hash's walker of the bytes. */
export class BinaryReader {
  protected position = 0;
  /** Where the top-level value being read starts. */
  private valueStart = 0;
  private symbols: Array<string | null> = [...SYSTEM_SYMBOLS];
  protected depth = 0;

  constructor(protected readonly bytes: Uint8Array) {}

  readSingle(): IonValue {
    let found: { value: IonValue } | null = null;
    for (const value of this.readAll()) {
      if (found) this.fail('Ion input holds more than one top-level value; expected exactly one', this.valueStart);
      found = { value };
    }
    if (!found) this.fail('Ion input holds no value; expected exactly one', this.position);
    return found.value;
  }

  /** Every top-level user value, in order; version markers reset the symbols, symbol tables apply. */
  *readAll(): Generator<IonValue> {
    const { bytes } = this;
    if (!isIonBinary(bytes)) this.fail('Ion binary must start with the version marker E0 01 00 EA', 0);
    while (this.position < bytes.length) {
      if (hasVersionMarkerAt(bytes, this.position)) {
        this.position += 4;
        this.symbols = [...SYSTEM_SYMBOLS];
        continue;
      }
      this.valueStart = this.position;
      const value = this.readTopLevel(bytes.length);
      if (value === NOTHING || this.isSystemValue(value)) continue;
      yield value;
    }
  }

  /** Reads one top-level value, which may be a symbol table or NOP padding. */
  protected readTopLevel(limit: number): Read {
    const opening = this.position === BINARY_VERSION_MARKER.length && this.bytes[this.position] >> 4 === 14;
    return opening ? this.readOpeningValue(limit) : this.readValue(limit);
  }

  /**
   * The annotated value right after the version marker: most often a symbol table, the same bytes in
   * every document of a shape, so bytes equal to the last such table's take its symbols instead of
   * being decoded again (the same bytes in that place always make the same symbols). A table is
   * applied here, and NOTHING returned for it.
   */
  private readOpeningValue(limit: number): Read {
    const start = this.position;
    const known = openingTables.find((table) => startsWith(this.bytes, start, table.bytes));
    if (known !== undefined) {
      this.position += known.bytes.length;
      this.symbols = [...known.symbols];
      return NOTHING;
    }
    const value = this.readValue(limit);
    if (value === NOTHING || !this.isSystemValue(value)) return value;
    openingTables[nextOpeningTable] = { bytes: this.bytes.slice(start, this.position), symbols: [...this.symbols] };
    nextOpeningTable = (nextOpeningTable + 1) % OPENING_TABLES;
    return NOTHING;
  }

  /** Applies a local symbol table; true for it and for a top-level `$ion_1_0` symbol, which are no data. */
  private isSystemValue(value: IonValue): boolean {
    if (value instanceof IonSymbol) return value.text === ION_1_0;
    if (!(value instanceof IonAnnotated) || value.annotations[0] !== ION_SYMBOL_TABLE) return false;
    const table = value.value;
    if (!isPlainObject(table) && !(table instanceof IonStruct)) return false;
    this.applySymbolTable(table instanceof IonStruct ? table.fields : Object.entries(table));
    return true;
  }

  private applySymbolTable(fields: Array<[string, IonValue | undefined]>): void {
    const imports = fields.find(([name]) => name === 'imports')?.[1];
    const symbols = fields.find(([name]) => name === 'symbols')?.[1];
    const appending = imports instanceof IonSymbol && imports.text === ION_SYMBOL_TABLE;
    const table = appending ? this.symbols : [...SYSTEM_SYMBOLS];
    if (Array.isArray(imports)) {
      for (const shared of imports) {
        for (let slots = this.importedSymbolCount(shared); slots > 0; slots--) table.push(null);
      }
    }
    if (Array.isArray(symbols)) {
      for (const text of symbols) table.push(typeof text === 'string' ? text : null);
    }
    this.symbols = table;
  }

  /**
   * The number of symbols a shared-table import brings: its `max_id`. With no catalog here, they all
   * have unknown text.
   */
  private importedSymbolCount(shared: IonValue): number {
    const maxId = isPlainObject(shared) ? shared.max_id : undefined;
    if (typeof maxId !== 'number' || !Number.isSafeInteger(maxId) || maxId < 0 || maxId > MAX_IMPORTED_SYMBOLS) {
      this.fail(
        `a symbol table imports a shared table without a valid max_id (0 to ${MAX_IMPORTED_SYMBOLS}), which cannot be resolved`,
        this.position,
      );
    }
    return maxId;
  }

  /** Reads one value (or NOP padding) that must end by `limit`. */
  protected readValue(limit: number): Read {
    const start = this.position;
    const descriptor = this.byte(limit);
    const type = descriptor >> 4;
    const low = descriptor & 0x0f;
    if (type === 15) this.fail('reserved type code 0xF', start);
    if (low === 15) {
      if (type === 14) this.fail('an annotation wrapper cannot be null', start);
      return type === 0 ? null : new IonTypedNull(TYPE_NAMES[type]!);
    }
    if (type === 1) {
      if (low > 1) this.fail(`bool with invalid representation ${low}`, start);
      return low === 1;
    }
    const end = this.bodyEnd(type, low, limit, start);
    const value = this.readBody(type, end, start);
    this.checkFilled(end, start);
    return value;
  }

  /** Where the body of the value whose descriptor was just read ends: its length read, checked against `limit`. */
  protected bodyEnd(type: number, low: number, limit: number, start: number): number {
    const length = low === 14 || (type === 13 && low === 1) ? this.varUInt(limit) : low;
    const end = this.position + length;
    if (end > limit) this.fail(`value length ${length} runs past the end of its container or input`, start);
    return end;
  }

  /** Fails unless the body just read ended at `end`, as its length said. */
  protected checkFilled(end: number, start: number): void {
    if (this.position !== end) this.fail('value body does not fill its declared length', start);
  }

  private readBody(type: number, end: number, start: number): Read {
    switch (type) {
      case 0:
        this.position = end;
        return NOTHING;
      case 2:
      case 3:
        return this.readInt(type === 3, end, start);
      case 4:
        return this.readFloat(end, start);
      case 5:
        return this.readDecimal(end);
      case 6:
        return this.readTimestamp(end, start);
      case 7:
        return this.readSymbol(end, start);
      case 8:
        return this.readString(end, start);
      case 9:
        return new IonClob(this.take(end));
      case 10:
        return this.take(end);
      case 11:
        return this.readSequence(end, start);
      case 12:
        return new IonSexp(this.readSequence(end, start));
      case 13:
        return this.readStruct(end, start);
      default:
        return this.readAnnotated(end, start);
    }
  }

  private readInt(negative: boolean, end: number, start: number): number | bigint {
    const magnitude = this.uInt(end);
    if (negative && Number(magnitude) === 0) this.fail('negative zero is not a valid int', start);
    if (typeof magnitude === 'number') return negative ? -magnitude : magnitude;
    return intValue(negative ? -magnitude : magnitude);
  }

  private readFloat(end: number, start: number): number | IonFloat {
    const length = end - this.position;
    const view = new DataView(this.bytes.buffer, this.bytes.byteOffset + this.position, length);
    let value: number;
    if (length === 0) value = 0;
    else if (length === 4) value = view.getFloat32(0);
    else if (length === 8) value = view.getFloat64(0);
    else return this.fail(`float of ${length} bytes; expected 0, 4 or 8`, start);
    this.position = end;
    return floatValue(value);
  }

  private readDecimal(end: number): Decimal {
    if (this.position === end) return new Decimal(0n, 0);
    const exponent = this.varInt(end);
    const [magnitude, negative] = this.int(end);
    return new Decimal(BigInt(magnitude), exponent + 0, negative);
  }

  private readTimestamp(end: number, start: number): IonValue {
    const offset = this.varInt(end);
    const fields = yearFields(this.varUInt(end), Object.is(offset, -0) ? null : offset);
    if (this.position < end) {
      fields.precision = Precision.Month;
      fields.month = this.varUInt(end);
    }
    if (this.position < end) {
      fields.precision = Precision.Day;
      fields.day = this.varUInt(end);
    }
    if (this.position < end) {
      fields.precision = Precision.Minute;
      fields.hour = this.varUInt(end);
      if (this.position === end) this.fail('timestamp has an hour without minutes', start);
      fields.minute = this.varUInt(end);
    }
    if (this.position < end) {
      fields.precision = Precision.Second;
      fields.second = this.varUInt(end);
      if (this.position < end) fields.fraction = this.readFraction(end, start);
    }
    if (fields.precision < Precision.Minute) fields.offset = null;
    try {
      return isDateShaped(fields) ? fieldsToDate(fields) : fieldsToTimestamp(fields);
    } catch (error) {
      return this.fail(`invalid timestamp: ${(error as Error).message}`, start);
    }
  }

  /** The fractional second's digits: a decimal in [0, 1); zero with exponent >= 0 means none. */
  private readFraction(end: number, start: number): string {
    const exponent = this.varInt(end);
    const [magnitude, negative] = this.int(end);
    const coefficient = BigInt(magnitude);
    if (negative && coefficient !== 0n) this.fail('timestamp has a negative fractional second', start);
    if (exponent < -MAX_FRACTION_DIGITS) {
      this.fail(`timestamp has a fractional second of more than ${MAX_FRACTION_DIGITS} digits`, start);
    }
    if (exponent >= 0) {
      if (coefficient !== 0n) this.fail('timestamp has a fractional second of 1 or more', start);
      return '';
    }
    const digits = coefficient.toString().padStart(-exponent, '0');
    if (digits.length > -exponent) this.fail('timestamp has a fractional second of 1 or more', start);
    return digits;
  }

  private readSymbol(end: number, start: number): IonSymbol {
    const sid = this.uInt(end);
    return new IonSymbol(this.symbolText(sid, start));
  }

  protected symbolText(sid: number | bigint, start: number): string | null {
    if (typeof sid !== 'number' || sid >= this.symbols.length) {
      return this.fail(`symbol ID ${sid} is not in the symbol table (max ID ${this.symbols.length - 1})`, start);
    }
    return this.symbols[sid];
  }

  private readString(end: number, start: number): string {
    const from = this.position;
    this.position = end;
    const text = end - from <= SHORT_STRING_BYTES ? this.shortAscii(from, end) : this.lenientUtf8(from, end);
    if (text !== null) return text;
    try {
      return utf8.decode(this.bytes.subarray(from, end));
    } catch {
      return this.fail('string is not valid UTF-8', start);
    }
  }

  /** `[from, end)` as text if every byte is ASCII, else null. */
  private shortAscii(from: number, end: number): string | null {
    const { bytes } = this;
    let text = '';
    for (let i = from; i < end; i++) {
      if (bytes[i] >= 0x80) return null;
      text += String.fromCharCode(bytes[i]);
    }
    return text;
  }

  /**
   * `[from, end)` decoded by the platform, or null if the text holds U+FFFD: the lenient decoder
   * replaces every invalid byte with it, so text without one was valid UTF-8; text with one is left
   * to the strict decoder.
   */
  private lenientUtf8(from: number, end: number): string | null {
    const text = lenientUtf8Decoder.decode(this.bytes.subarray(from, end));
    return indexOf.call(text, '\ufffd') === -1 ? text : null;
  }

  private readSequence(end: number, start: number): IonValue[] {
    this.enter(start);
    const items: IonValue[] = [];
    while (this.position < end) {
      const item = this.readValue(end);
      if (item !== NOTHING) items.push(item);
    }
    this.depth--;
    return items;
  }

  private readStruct(end: number, start: number): IonValue {
    this.enter(start);
    const names: string[] = [];
    const values: IonValue[] = [];
    while (this.position < end) {
      const fieldStart = this.position;
      const sid = this.varUInt(end);
      const value = this.readValue(end);
      if (value === NOTHING) continue;
      names.push(this.fieldName(sid, fieldStart));
      values.push(value);
    }
    this.depth--;
    return buildStruct(names, values);
  }

  private readAnnotated(end: number, start: number): IonAnnotated {
    const annotationsEnd = this.annotationsEnd(end, start);
    const annotations: string[] = [];
    while (this.position < annotationsEnd) annotations.push(this.annotation(annotationsEnd, start));
    this.checkAnnotatedValue(start);
    const value = this.readValue(end);
    if (value === NOTHING) this.failNopAnnotated(start);
    if (this.position !== end) this.fail('annotation wrapper length does not match its value', start);
    return new IonAnnotated(annotations, value);
  }

  /** The text of a field's name; fails for a name whose text is unknown. */
  protected fieldName(sid: number, fieldStart: number): string {
    const name = this.symbolText(sid, fieldStart);
    if (name === null) this.fail(`field name $${sid} has unknown text, which the ledger's model cannot hold`, fieldStart);
    return name;
  }

  /** Reads the annotations' length of the wrapper whose body ends at `end`; returns where they end. */
  protected annotationsEnd(end: number, start: number): number {
    if (this.position === end) this.fail('annotation wrapper with no content', start);
    const annotationsLength = this.varUInt(end);
    const annotationsEnd = this.position + annotationsLength;
    if (annotationsEnd >= end || annotationsEnd === this.position) {
      this.fail('annotation wrapper needs at least one annotation and a value', start);
    }
    return annotationsEnd;
  }

  /** The text of the next annotation; fails for one whose text is unknown. */
  protected annotation(annotationsEnd: number, start: number): string {
    const sid = this.varUInt(annotationsEnd);
    const text = this.symbolText(sid, start);
    if (text === null) this.fail(`annotation $${sid} has unknown text, which the ledger's model cannot hold`, start);
    return text;
  }

  /** Fails if the annotated value about to be read is itself an annotation wrapper. */
  protected checkAnnotatedValue(start: number): void {
    if (this.bytes[this.position] >> 4 === 14) this.fail('an annotation wrapper cannot hold another', start);
  }

  protected failNopAnnotated(start: number): never {
    return this.fail('an annotation wrapper cannot hold NOP padding', start);
  }

  protected enter(start: number): void {
    if (++this.depth > MAX_DEPTH) this.fail(`containers nested deeper than ${MAX_DEPTH} levels`, start);
  }

  protected byte(limit: number): number {
    if (this.position >= limit) this.fail('unexpected end of input', this.position);
    return this.bytes[this.position++];
  }

  private take(end: number): Uint8Array {
    const value = this.bytes.slice(this.position, end);
    this.position = end;
    return value;
  }

  /** UInt filling `[position, end)`. */
  protected uInt(end: number): number | bigint {
    return this.magnitude(end, 0xff);
  }

  /** Int (sign and magnitude) filling `[position, end)`: its magnitude and sign. */
  private int(end: number): [number | bigint, boolean] {
    if (this.position === end) return [0, false];
    const negative = (this.bytes[this.position] & 0x80) !== 0;
    return [this.magnitude(end, 0x7f), negative];
  }

  /** The big-endian magnitude of `[position, end)` with the first byte masked: a number up to 48 bits, else a bigint. */
  private magnitude(end: number, firstMask: number): number | bigint {
    const { bytes } = this;
    if (this.position === end) return 0;
    if (end - this.position <= 6) {
      let value = bytes[this.position++] & firstMask;
      while (this.position < end) value = value * 0x100 + bytes[this.position++];
      return value;
    }
    let hex = '0x' + (bytes[this.position++] & firstMask).toString(16);
    while (this.position < end) hex += bytes[this.position++].toString(16).padStart(2, '0');
    return BigInt(hex);
  }

  protected varUInt(limit: number): number {
    let value = 0;
    for (;;) {
      const byte = this.byte(limit);
      value = value * 0x80 + (byte & 0x7f);
      if (byte & 0x80) return value;
      if (value > 2 ** 45) this.fail('VarUInt too large', this.position);
    }
  }

  private varInt(limit: number): number {
    const first = this.byte(limit);
    const negative = (first & 0x40) !== 0;
    let value = first & 0x3f;
    let byte = first;
    while (!(byte & 0x80)) {
      byte = this.byte(limit);
      value = value * 0x80 + (byte & 0x7f);
      if (value > 2 ** 45) this.fail('VarInt too large', this.position);
    }
    return negative ? -value : value;
  }

  protected fail(problem: string, at: number): never {
    throw new IonFormatError(`malformed Ion binary: ${problem} (at byte ${at})`, this.bytes);
  }
}
