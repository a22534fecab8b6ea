// The Amazon Ion Hash 1.0 serialization s(v) of a value in the ledger's JavaScript model
// (ledger-format.md §2), written straight from the JS value into one reused buffer. The digest applied
// to each struct field is pluggable: SHA-256 for the ledger, identity or MD5 for the public test vectors.
import { ByteBuffer } from './byte-buffer';
import { IonKind, ionKindOf, TYPE_CODES } from './ion-kind';
import {
  writeDateBody,
  writeDecimalBody,
  writeFloatBody,
  writeIntBody,
  writeTimestampBody,
} from './ion-scalar-encoding';
import { FieldVisitor, forEachField } from './ion-struct-fields';
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
import { indexOf } from './string-methods';
import { UNPAIRED_SURROGATE_PROBLEM } from './utf16';
import { ValuePath } from './value-path';

const BEGIN = 0x0b;
const END = 0x0e;
const ESCAPE = 0x0c;

/** Field-name and annotation serializations kept; the cache is emptied when it grows past this. */
const SYMBOL_CACHE_LIMIT = 4096;
/** Structs with more fields than this sort their field digests with Array's sort rather than by insertion. */
const INSERTION_SORT_MAX = 64;
/** A struct that holds all its fields: no digest stands for a removed one. */
const NO_DIGESTS: readonly Uint8Array[] = [];

/**
 * Digests `source[start, end)`: the serialization of one struct field (name and value). The result
 * is copied at once, so it may be a buffer the function reuses.
 */
export type FieldDigest = (source: Uint8Array, start: number, end: number) => Uint8Array;

export class IonHashSerializer {
  private readonly out = new ByteBuffer(4096);
  /** The field digests of the structs being serialized, innermost last. */
  private readonly digests = new ByteBuffer(1024);
  /** Where each field digest starts in `digests`; each ends where the next starts. */
  private readonly digestStarts: number[] = [];
  /** The leading word of each field digest, which orders most pairs without comparing bytes. */
  private readonly digestKeys: number[] = [];
  private digestCount = 0;
  private readonly order: number[] = [];
  private readonly symbols = new Map<string, Uint8Array>();
  private readonly path = new ValuePath();
  private readonly fieldWriter: FieldVisitor = (name, value) => this.writeField(name, value);

  constructor(private readonly fieldDigest: FieldDigest) {}

  /**
   * s(value), whose digest is the value's Ion hash. The result is a view of the serializer's buffer,
   * valid until its next call. Throws IonTypeError for a value outside the model.
   */
  serialize(value: IonValue): Uint8Array {
    this.start();
    this.writeValue(value);
    return this.serialized();
  }

  /**
   * s(struct) as if it also held the fields whose digests (each the field digest of s(name) ||
   * s(value)) are given: the struct's hash is computed from its sorted field digests, so a field
   * removed from a struct can stand in it by its digest. A view of the buffer, as serialize's.
   */
  serializeStructWithFieldDigests(struct: IonStructObject | IonStruct, fieldDigests: readonly Uint8Array[]): Uint8Array {
    this.start();
    this.writeStruct(struct, fieldDigests);
    return this.serialized();
  }

  /** s(name as a field name) || s(value): what a struct's field digest digests. A view of the buffer. */
  serializeField(name: string, value: IonValue): Uint8Array {
    this.start();
    this.writeSymbolToken(name);
    this.writeValue(value);
    return this.serialized();
  }

  /**
   * Starts a serialization fed piece by piece, as a walk of Ion binary finds the pieces: values
   * (appendValue), scalars by their representation (appendScalar), symbols, containers and fields.
   */
  start(): void {
    this.out.length = 0;
    this.digests.length = 0;
    this.digestCount = 0;
    this.path.reset();
  }

  /** What was serialized since start(): a view of the buffer, valid until the serializer's next use. */
  serialized(): Uint8Array {
    return this.out.bytes.subarray(0, this.out.length);
  }

  /** s(value). */
  appendValue(value: IonValue): void {
    this.writeValue(value);
  }

  /**
   * s(v) of a scalar given by its type qualifier and its representation `source[start, end)`; a
   * caller that knows the representation holds no marker byte (0x0B, 0x0C, 0x0E) saves its scan.
   */
  appendScalar(tq: number, source: Uint8Array, start: number, end: number, mayHoldMarkers = true): void {
    const bodyStart = this.openScalar(tq);
    this.out.pushBytes(source, start, end);
    if (mayHoldMarkers) this.escapeFrom(bodyStart);
    this.out.push(END);
  }

  /** s(v) of a symbol with known text, as a value, a field name or an annotation. */
  appendSymbol(text: string): void {
    this.writeSymbolToken(text);
  }

  /** Opens a list (TQ 0xB0), sexp (0xC0) or annotation wrapper (0xE0); closeContainer ends it. */
  openContainer(tq: number): void {
    this.out.push(BEGIN);
    this.out.push(tq);
  }

  closeContainer(): void {
    this.out.push(END);
  }

  /** Opens a struct; returns what closeStruct takes to find the struct's field digests. */
  openStruct(): number {
    this.openContainer(0xd0);
    return this.digestCount;
  }

  /** Starts a field with its name; its value follows, then endField with what this returned. */
  startField(name: string): number {
    const start = this.out.length;
    this.writeSymbolToken(name);
    return start;
  }

  /** Digests the field serialized from `start` on, keeps the digest for the struct and drops the field's bytes. */
  endField(start: number): void {
    const out = this.out;
    const digest = this.fieldDigest(out.bytes, start, out.length);
    out.length = start;
    this.keepDigest(digest);
  }

  private writeValue(value: unknown): void {
    const out = this.out;
    switch (ionKindOf(value, this.path)) {
      case IonKind.Null:
        return out.push3(BEGIN, 0x0f, END);
      case IonKind.TypedNull:
        return out.push3(BEGIN, (TYPE_CODES[(value as IonTypedNull).type] << 4) | 0x0f, END);
      case IonKind.Bool:
        return out.push3(BEGIN, value ? 0x11 : 0x10, END);
      case IonKind.Int:
      case IonKind.BigInt:
        return this.writeInt(value as number | bigint);
      case IonKind.Float:
        return this.writeFloat(value as number);
      case IonKind.WrappedFloat:
        return this.writeFloat((value as IonFloat).value);
      case IonKind.Decimal: {
        const start = this.openScalar(0x50);
        writeDecimalBody(out, value as Decimal);
        return this.closeScalar(start);
      }
      case IonKind.Timestamp: {
        const start = this.openScalar(0x60);
        writeTimestampBody(out, value as Timestamp);
        return this.closeScalar(start);
      }
      case IonKind.Date: {
        const start = this.openScalar(0x60);
        writeDateBody(out, value as Date);
        return this.closeScalar(start);
      }
      case IonKind.Symbol:
        return this.writeSymbol((value as IonSymbol).text);
      case IonKind.String:
        return this.writeText(0x80, value as string);
      case IonKind.Clob:
        return this.writeBytes(0x90, (value as IonClob).bytes);
      case IonKind.Blob:
        return this.writeBytes(0xa0, value as Uint8Array);
      case IonKind.List:
        return this.writeSequence(0xb0, value as unknown[], value as unknown[]);
      case IonKind.Sexp:
        return this.writeSequence(0xc0, value as IonSexp, (value as IonSexp).items);
      case IonKind.Struct:
      case IonKind.FieldList:
        return this.writeStruct(value as IonStructObject | IonStruct);
      case IonKind.Annotated:
        return this.writeAnnotated(value as IonAnnotated);
    }
  }

  /** Writes a scalar's begin marker and TQ; returns where its body starts. */
  private openScalar(tq: number): number {
    this.out.push(BEGIN);
    this.out.push(tq);
    return this.out.length;
  }

  /** Escapes the scalar's body and ends it. */
  private closeScalar(bodyStart: number): void {
    this.escapeFrom(bodyStart);
    this.out.push(END);
  }

  private writeInt(value: number | bigint): void {
    const start = this.openScalar(value < 0 ? 0x30 : 0x20);
    writeIntBody(this.out, value);
    this.closeScalar(start);
  }

  private writeFloat(value: number): void {
    const start = this.openScalar(0x40);
    writeFloatBody(this.out, value);
    this.closeScalar(start);
  }

  private writeSymbol(text: string | null): void {
    if (text === null) this.out.push3(BEGIN, 0x71, END);
    else this.writeText(0x70, text);
  }

  /** A string or symbol's text; it is scanned for marker bytes only when it holds a marker character. */
  private writeText(tq: number, text: string): void {
    const start = this.openScalar(tq);
    if (!this.out.pushUtf8(text)) this.path.fail(text, UNPAIRED_SURROGATE_PROBLEM);
    if (hasMarkerCharacter(text)) this.escapeFrom(start);
    this.out.push(END);
  }

  private writeBytes(tq: number, bytes: Uint8Array): void {
    const start = this.openScalar(tq);
    this.out.pushBytes(bytes);
    this.closeScalar(start);
  }

  private writeSequence(tq: number, container: object, items: unknown[]): void {
    const { path } = this;
    path.enter(container);
    this.openContainer(tq);
    for (let i = 0; i < items.length; i++) {
      path.at(i);
      this.writeValue(items[i]);
    }
    this.closeContainer();
    path.leave();
  }

  private writeStruct(struct: IonStructObject | IonStruct, fieldDigests: readonly Uint8Array[] = NO_DIGESTS): void {
    const { path } = this;
    path.enter(struct);
    const first = this.openStruct();
    forEachField(struct, path, this.fieldWriter);
    for (const digest of fieldDigests) this.keepDigest(digest);
    this.closeStruct(first);
    path.leave();
  }

  /** Serializes one field (name as a symbol, then the value), digests it and keeps the digest. */
  private writeField(name: string, value: unknown): void {
    const start = this.startField(name);
    this.writeValue(value);
    this.endField(start);
  }

  /** Keeps one field digest of the struct being serialized, for closeStruct to sort. */
  private keepDigest(digest: Uint8Array): void {
    this.digestKeys[this.digestCount] = leadingWord(digest);
    this.digestStarts[this.digestCount++] = this.digests.length;
    this.digests.pushBytes(digest);
  }

  /** Ends a struct: appends its field digests from `first` on, sorted as unsigned bytes, escaped as they go. */
  closeStruct(first: number): void {
    const out = this.out;
    const count = this.digestCount - first;
    if (count > 0) {
      this.sortDigests(first);
      const from = this.digestStarts[first];
      out.reserve(2 * (this.digests.length - from));
      for (let i = 0; i < count; i++) {
        const entry = this.order[i];
        appendEscaped(out, this.digests, this.digestStarts[entry], this.digestEnd(entry));
      }
      this.digests.length = from;
      this.digestCount = first;
    }
    out.push(END);
  }

  /**
   * Fills `order[0, count)` with the digest entries from `first` on, in ascending byte order: by
   * insertion for the few fields most structs have, by Array's sort beyond (insertion is quadratic
   * in a struct's fields: 200,000 took a minute).
   */
  private sortDigests(first: number): void {
    const { order } = this;
    const count = this.digestCount - first;
    if (count > INSERTION_SORT_MAX) {
      const entries = Array.from({ length: count }, (_, i) => first + i).sort((a, b) => this.compareDigests(a, b));
      for (let i = 0; i < count; i++) order[i] = entries[i];
      return;
    }
    for (let i = 0; i < count; i++) {
      const entry = first + i;
      let j = i;
      while (j > 0 && this.compareDigests(order[j - 1], entry) > 0) {
        order[j] = order[j - 1];
        j--;
      }
      order[j] = entry;
    }
  }

  private compareDigests(a: number, b: number): number {
    const keyDifference = this.digestKeys[a] - this.digestKeys[b];
    if (keyDifference !== 0) return keyDifference;
    const { bytes } = this.digests;
    const aStart = this.digestStarts[a];
    const bStart = this.digestStarts[b];
    const aLength = this.digestEnd(a) - aStart;
    const bLength = this.digestEnd(b) - bStart;
    const common = Math.min(aLength, bLength);
    for (let i = 0; i < common; i++) {
      const difference = bytes[aStart + i] - bytes[bStart + i];
      if (difference !== 0) return difference;
    }
    return aLength - bLength;
  }

  private digestEnd(entry: number): number {
    return entry + 1 < this.digestCount ? this.digestStarts[entry + 1] : this.digests.length;
  }

  private writeAnnotated(value: IonAnnotated): void {
    this.openContainer(0xe0);
    for (const annotation of value.annotations) this.writeSymbolToken(annotation);
    this.writeValue(value.value);
    this.closeContainer();
  }

  /** s(text as a symbol), for field names and annotations, from a cache of their serializations. */
  private writeSymbolToken(text: string): void {
    let serialized = this.symbols.get(text);
    if (serialized === undefined) {
      const start = this.out.length;
      this.writeText(0x70, text);
      serialized = this.out.copy(start);
      this.out.length = start;
      if (this.symbols.size >= SYMBOL_CACHE_LIMIT) this.symbols.clear();
      this.symbols.set(text, serialized);
    }
    this.out.pushBytes(serialized);
  }

  /** Escapes every marker byte (0x0B, 0x0C, 0x0E) in `[start, length)` with a preceding 0x0C. */
  private escapeFrom(start: number): void {
    const out = this.out;
    const end = out.length;
    let count = 0;
    for (let i = start; i < end; i++) if (isMarker(out.bytes[i])) count++;
    if (count === 0) return;
    out.reserve(count);
    const bytes = out.bytes;
    let write = end + count;
    for (let read = end - 1; read >= start; read--) {
      const byte = bytes[read];
      bytes[--write] = byte;
      if (isMarker(byte)) bytes[--write] = ESCAPE;
    }
    out.length = end + count;
  }
}

/** True if `text` holds 0x0B, 0x0C or 0x0E, the only characters whose UTF-8 has a marker byte. */
function hasMarkerCharacter(text: string): boolean {
  return indexOf.call(text, '\x0b') !== -1 || indexOf.call(text, '\x0c') !== -1 || indexOf.call(text, '\x0e') !== -1;
}

/**
 * Appends `source[start, end)` to `out` (room reserved for every byte escaped), a 0x0C before each
 * marker byte. Words without a marker, nearly all of a digest's, are copied whole.
 */
function appendEscaped(out: ByteBuffer, source: ByteBuffer, start: number, end: number): void {
  const sourceView = source.view();
  const targetView = out.view();
  let at = out.length;
  let i = start;
  for (; i + 4 <= end; i += 4) {
    const word = sourceView.getInt32(i);
    if (hasMarkerByte(word)) {
      at = copyEscaped(source.bytes, i, i + 4, out.bytes, at);
    } else {
      targetView.setInt32(at, word);
      at += 4;
    }
  }
  out.length = copyEscaped(source.bytes, i, end, out.bytes, at);
}

/** Copies `source[start, end)` to `target` from `at`, escaping markers byte by byte; returns where it ended. */
function copyEscaped(source: Uint8Array, start: number, end: number, target: Uint8Array, at: number): number {
  for (let i = start; i < end; i++) {
    const byte = source[i];
    if (isMarker(byte)) target[at++] = ESCAPE;
    target[at++] = byte;
  }
  return at;
}

/**
 * True if any byte of the 32-bit `word` is 0x0B, 0x0C or 0x0E. XOR turns a byte equal to the marker
 * into zero, and (x - 0x01010101) & ~x & 0x80808080 is non-zero exactly when some byte of x is zero.
 */
function hasMarkerByte(word: number): boolean {
  const b = word ^ 0x0b0b0b0b;
  const c = word ^ 0x0c0c0c0c;
  const e = word ^ 0x0e0e0e0e;
  return ((((b - 0x01010101) & ~b) | ((c - 0x01010101) & ~c) | ((e - 0x01010101) & ~e)) & 0x80808080) !== 0;
}

/** 0x0B, 0x0C or 0x0E, tested so that the common byte outside 0x0B..0x0E costs one or two comparisons. */
function isMarker(byte: number): boolean {
  return byte >= BEGIN && byte <= END && byte !== 0x0d;
}

/**
 * The first four bytes of `digest` as a big-endian unsigned number, zeros standing in for bytes a
 * shorter digest lacks: where two differ, they order their digests as the bytes do.
 */
function leadingWord(digest: Uint8Array): number {
  if (digest.length >= 4) return ((digest[0] << 24) | (digest[1] << 16) | (digest[2] << 8) | digest[3]) >>> 0;
  let word = 0;
  for (let i = 0; i < 4; i++) word = word * 0x100 + (i < digest.length ? digest[i] : 0);
  return word;
}
