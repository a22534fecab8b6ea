// Ion binary encoding of a value in the ledger's model: one pass into a reused buffer (each
// container's length is patched in once its content is written), field names, annotations and
// symbols interned in a local symbol table that is emitted after the version marker.
import { ByteBuffer, varUIntLength } from './byte-buffer';
import { IonKind, ionKindOf, TYPE_CODES } from './ion-kind';
import {
  writeDateBody,
  writeDecimalBody,
  writeFloatBody,
  writeIntBody,
  writeTimestampBody,
} from './ion-scalar-encoding';
import { FieldVisitor, forEachField } from './ion-struct-fields';
import { BINARY_VERSION_MARKER, ION_SYMBOL_TABLE, SYSTEM_SIDS } from './ion-system-symbols';
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

const FIRST_LOCAL_SID = 10;
/** Symbol texts remembered across streams; they are forgotten before a stream when there are more. */
const KNOWN_SYMBOLS_LIMIT = 4096;
/** The `stream` of a system symbol, whose SID is the same in every stream. */
const EVERY_STREAM = -1;
const SYMBOL_TABLE_SID = SYSTEM_SIDS.get(ION_SYMBOL_TABLE)!;
const SYMBOLS_SID = SYSTEM_SIDS.get('symbols')!;

export class IonBinaryWriter {
  private readonly out = new ByteBuffer(4096);
  private readonly path = new ValuePath();
  private readonly known = new Map<string, KnownSymbol>();
  /** Numbers the streams written, so a known symbol's local SID is reused only in its own stream. */
  private stream = 0;
  private readonly localSymbols: string[] = [];
  private readonly fieldWriter: FieldVisitor = (name, value) => this.writeField(name, value);

  /** The Ion binary stream of `value`: version marker, local symbol table if any, the value. */
  write(value: IonValue): Uint8Array {
    const out = this.out;
    out.length = 0;
    if (this.known.size > KNOWN_SYMBOLS_LIMIT) this.known.clear();
    this.stream++;
    this.localSymbols.length = 0;
    this.path.reset();
    this.writeValue(value);
    const valueEnd = out.length;
    if (this.localSymbols.length > 0) this.writeSymbolTable();
    const markerLength = BINARY_VERSION_MARKER.length;
    const result = new Uint8Array(markerLength + out.length);
    for (let i = 0; i < markerLength; i++) result[i] = BINARY_VERSION_MARKER[i];
    result.set(out.bytes.subarray(valueEnd, out.length), markerLength);
    result.set(out.bytes.subarray(0, valueEnd), markerLength + out.length - valueEnd);
    return result;
  }

  private writeValue(value: unknown): void {
    const out = this.out;
    switch (ionKindOf(value, this.path)) {
      case IonKind.Null:
        return out.push(0x0f);
      case IonKind.TypedNull:
        return out.push((TYPE_CODES[(value as IonTypedNull).type] << 4) | 0x0f);
      case IonKind.Bool:
        return out.push(value ? 0x11 : 0x10);
      case IonKind.Int:
      case IonKind.BigInt: {
        const start = this.open();
        writeIntBody(out, value as number | bigint);
        return this.close(start, (value as number | bigint) < 0 ? 3 : 2);
      }
      case IonKind.Float:
      case IonKind.WrappedFloat: {
        const start = this.open();
        writeFloatBody(out, typeof value === 'number' ? value : (value as IonFloat).value);
        return this.close(start, 4);
      }
      case IonKind.Decimal: {
        const start = this.open();
        writeDecimalBody(out, value as Decimal);
        return this.close(start, 5);
      }
      case IonKind.Timestamp: {
        const start = this.open();
        writeTimestampBody(out, value as Timestamp);
        return this.close(start, 6);
      }
      case IonKind.Date: {
        const start = this.open();
        writeDateBody(out, value as Date);
        return this.close(start, 6);
      }
      case IonKind.Symbol:
        return this.writeSymbol((value as IonSymbol).text);
      case IonKind.String:
        return this.writeString(value as string);
      case IonKind.Clob:
        return this.writeBytes((value as IonClob).bytes, 9);
      case IonKind.Blob:
        return this.writeBytes(value as Uint8Array, 10);
      case IonKind.List:
        return this.writeSequence(value as unknown[], value as unknown[], 11);
      case IonKind.Sexp:
        return this.writeSequence(value as IonSexp, (value as IonSexp).items, 12);
      case IonKind.Struct:
      case IonKind.FieldList:
        return this.writeStruct(value as IonStructObject | IonStruct);
      case IonKind.Annotated:
        return this.writeAnnotated(value as IonAnnotated);
    }
  }

  /**
   * Reserves `reserved` bytes for the type descriptor (and length) of a value about to be written;
   * returns its position.
   */
  private open(reserved = 1): number {
    const out = this.out;
    out.reserve(reserved);
    out.length += reserved;
    return out.length - reserved;
  }

  /**
   * Fills in the type descriptor (and VarUInt length if 14 or more) of the value begun at `start`,
   * first widening the `reserved` bytes if the length needs more.
   */
  private close(start: number, typeCode: number, reserved = 1): void {
    const out = this.out;
    const length = out.length - start - reserved;
    if (length < 14) {
      out.bytes[start] = (typeCode << 4) | length;
      return;
    }
    const lengthBytes = varUIntLength(length);
    if (1 + lengthBytes > reserved) out.insert(start + reserved, 1 + lengthBytes - reserved);
    out.bytes[start] = (typeCode << 4) | 14;
    out.setVarUInt(start + 1, length, lengthBytes);
  }

  /** A string's descriptor is sized for one byte per character, which is exact for ASCII. */
  private writeString(text: string): void {
    const reserved = descriptorLength(text.length);
    const start = this.open(reserved);
    if (!this.out.pushUtf8(text)) this.path.fail(text, UNPAIRED_SURROGATE_PROBLEM);
    this.close(start, 8, reserved);
  }

  private writeSymbol(text: string | null): void {
    if (text === null) {
      this.out.push(0x70);
      return;
    }
    const start = this.open();
    this.out.pushUInt(this.sid(text));
    this.close(start, 7);
  }

  private writeBytes(bytes: Uint8Array, typeCode: number): void {
    const reserved = descriptorLength(bytes.length);
    const start = this.open(reserved);
    this.out.pushBytes(bytes);
    this.close(start, typeCode, reserved);
  }

  private writeSequence(container: object, items: unknown[], typeCode: number): void {
    const path = this.path;
    path.enter(container);
    const start = this.open();
    for (let i = 0; i < items.length; i++) {
      path.at(i);
      this.writeValue(items[i]);
    }
    this.close(start, typeCode);
    path.leave();
  }

  private writeStruct(struct: IonStructObject | IonStruct): void {
    const path = this.path;
    path.enter(struct);
    const start = this.open();
    forEachField(struct, path, this.fieldWriter);
    this.close(start, 13);
    path.leave();
  }

  private writeField(name: string, value: unknown): void {
    this.out.pushVarUInt(this.sid(name));
    this.writeValue(value);
  }

  /** Annotation wrapper: VarUInt length of the annotation SIDs, the SIDs, then the value. */
  private writeAnnotated(value: IonAnnotated): void {
    const out = this.out;
    const start = this.open();
    const sidsStart = out.length;
    for (const annotation of value.annotations) out.pushVarUInt(this.sid(annotation));
    out.insertVarUInt(sidsStart, out.length - sidsStart);
    this.writeValue(value.value);
    this.close(start, 14);
  }

  /** `$ion_symbol_table::{symbols:[…]}` listing the local symbols, written straight out. */
  private writeSymbolTable(): void {
    const out = this.out;
    const wrapper = this.open();
    out.pushVarUInt(1);
    out.pushVarUInt(SYMBOL_TABLE_SID);
    const struct = this.open();
    out.pushVarUInt(SYMBOLS_SID);
    const list = this.open();
    for (const text of this.localSymbols) this.writeString(text);
    this.close(list, 11);
    this.close(struct, 13);
    this.close(wrapper, 14);
  }

  /** The SID of `text`: a system symbol's, or a local one assigned on its first use in this stream. */
  private sid(text: string): number {
    const symbol = this.known.get(text) ?? this.learn(text);
    if (symbol.stream !== this.stream && symbol.stream !== EVERY_STREAM) {
      symbol.stream = this.stream;
      symbol.sid = FIRST_LOCAL_SID + this.localSymbols.length;
      this.localSymbols.push(text);
    }
    return symbol.sid;
  }

  /** Remembers a symbol text met for the first time, refusing one that has no UTF-8 form. */
  private learn(text: string): KnownSymbol {
    const systemSid = SYSTEM_SIDS.get(text);
    if (systemSid === undefined && hasUnpairedSurrogate(text)) this.path.fail(text, UNPAIRED_SURROGATE_PROBLEM);
    const symbol = systemSid === undefined ? { sid: 0, stream: 0 } : { sid: systemSid, stream: EVERY_STREAM };
    this.known.set(text, symbol);
    return symbol;
  }
}

/** The bytes of a type descriptor for a body of `length` bytes: one, plus a VarUInt length from 14 on. */
function descriptorLength(length: number): number {
  return length < 14 ? 1 : 1 + varUIntLength(length);
}

/** A symbol text the writer has met: its SID in `stream`, the stream that last used it. */
interface KnownSymbol {
  sid: number;
  stream: number;
}
