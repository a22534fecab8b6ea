// H(v) of an Ion binary value computed from its bytes: the binary reader's checks and symbol tables,
// but strings, symbols, ints, lobs, bools, nulls and containers go from their bytes straight into the
// Ion hash serialization (a string's representation is its UTF-8 as stored), building no JS values.
// Floats, decimals, timestamps and top-level symbols or annotated values (a symbol table, maybe) are
// decoded one by one and serialized as values. Equal to ionHash(fromIon(bytes)) for every input.
import { fromIon } from './ion-codec';
import { BinaryReader, NOTHING, Read } from './ion-binary-reader';
import { hashSerialization, ionHash } from './ion-hash';
import { IonHashSerializer } from './ion-hash-serializer';
import { IonValue } from './ion-value';

/** Stands for the top-level value the walker has serialized already. */
const SERIALIZED: IonValue = [];

/** The type code of each typed null's TQ (a negative int's null is int's). */
const NULL_TYPE_CODES = [0, 1, 2, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13];

/**
 * Types the reader decodes for the serializer: floats, decimals and timestamps, whose representation
 * is not their bytes as stored, and the descriptors it refuses (bool other than true or false, 0xF).
 */
const DECODED_TYPES: ReadonlySet<number> = new Set([1, 4, 5, 6, 15]);

/**
 * ionHash(fromIon(bytes)), from the bytes: the same hash for every input fromIon reads, the same
 * error (IonFormatError, IonTypeError) for every input it refuses.
 */
export function ionHashOfBinary(bytes: Uint8Array): Uint8Array {
  try {
    return hashBinaryWalk(bytes);
  } catch {
    return ionHash(fromIon(bytes));
  }
}

/**
 * The Ion hash of the single value of Ion binary `bytes` by the walk alone. Throws for what the
 * binary reader refuses (and for input that is not Ion binary), though not with fromIon's messages:
 * its errors only send ionHashOfBinary to decoding, which raises fromIon's (or ionHash's) own.
 */
export function hashBinaryWalk(bytes: Uint8Array): Uint8Array {
  return hashSerialization((serializer) => new BinaryHashWalker(bytes, serializer).serialize());
}

class BinaryHashWalker extends BinaryReader {
  constructor(
    bytes: Uint8Array,
    private readonly out: IonHashSerializer,
  ) {
    super(bytes);
  }

  serialize(): Uint8Array {
    this.out.start();
    const value = this.readSingle();
    if (value !== SERIALIZED) this.out.appendValue(value);
    return this.out.serialized();
  }

  /** Serializes a top-level value that cannot be a symbol table or `$ion_1_0`; decodes those that can. */
  protected override readTopLevel(limit: number): Read {
    const type = this.bytes[this.position] >> 4;
    if (type === 0 || type === 7 || type === 14) return super.readTopLevel(limit);
    this.serializeValue(limit);
    return SERIALIZED;
  }

  /** Serializes one value that must end by `limit`; false for NOP padding, which is no value. */
  private serializeValue(limit: number): boolean {
    const start = this.position;
    const descriptor = this.byte(limit);
    const tq = nullOrBoolTq(descriptor);
    if (tq !== -1) {
      this.out.appendScalar(tq, this.bytes, 0, 0);
      return true;
    }
    const type = descriptor >> 4;
    if (DECODED_TYPES.has(type) || (descriptor & 0x0f) === 15) return this.serializeDecoded(start, limit);
    const end = this.bodyEnd(type, descriptor & 0x0f, limit, start);
    const isValue = this.serializeBody(type, end, start);
    this.checkFilled(end, start);
    return isValue;
  }

  /** A value whose representation is not its bytes as stored: decoded by the reader, serialized as a value. */
  private serializeDecoded(start: number, limit: number): boolean {
    this.position = start;
    const value = this.readValue(limit);
    if (value === NOTHING) return false;
    this.out.appendValue(value);
    return true;
  }

  /** The body of a value of `type` (no null, bool, float, decimal or timestamp) ending at `end`; false for NOP padding. */
  private serializeBody(type: number, end: number, start: number): boolean {
    if (type === 0) {
      this.position = end;
      return false;
    }
    if (type === 8) this.serializeString(end, start);
    else if (type === 13) this.serializeStruct(end, start);
    else if (type === 2 || type === 3) this.serializeInt(type, end, start);
    else if (type === 7) this.serializeSymbol(end, start);
    else if (type === 11 || type === 12) this.serializeSequence(type << 4, end, start);
    else if (type === 9 || type === 10) this.serializeAsStored(type << 4, end);
    else this.serializeAnnotated(end, start);
    return true;
  }

  /** The magnitude without the leading zero bytes a writer may have padded it with. */
  private serializeInt(type: number, end: number, start: number): void {
    const { bytes } = this;
    let from = this.position;
    while (from < end && bytes[from] === 0) from++;
    if (type === 3 && from === end) this.fail('negative zero is not a valid int', start);
    this.out.appendScalar(type << 4, bytes, from, end);
    this.position = end;
  }

  private serializeSymbol(end: number, start: number): void {
    const text = this.symbolText(this.uInt(end), start);
    if (text === null) this.out.appendScalar(0x71, this.bytes, 0, 0);
    else this.out.appendSymbol(text);
  }

  /** The UTF-8 as stored, once checked; scanned for marker bytes only when the check met one. */
  private serializeString(end: number, start: number): void {
    const scan = scanUtf8(this.bytes, this.position, end);
    if (scan === Utf8Scan.Invalid) this.fail('string is not valid UTF-8', start);
    this.serializeAsStored(0x80, end, scan === Utf8Scan.ValidWithMarkers);
  }

  private serializeAsStored(tq: number, end: number, mayHoldMarkers = true): void {
    this.out.appendScalar(tq, this.bytes, this.position, end, mayHoldMarkers);
    this.position = end;
  }

  private serializeSequence(tq: number, end: number, start: number): void {
    this.enter(start);
    this.out.openContainer(tq);
    while (this.position < end) this.serializeValue(end);
    this.out.closeContainer();
    this.depth--;
  }

  private serializeStruct(end: number, start: number): void {
    this.enter(start);
    const first = this.out.openStruct();
    while (this.position < end) {
      const fieldStart = this.position;
      const sid = this.varUInt(end);
      if (this.isNopPadding(end)) {
        this.readValue(end);
        continue;
      }
      const field = this.out.startField(this.fieldName(sid, fieldStart));
      this.serializeValue(end);
      this.out.endField(field);
    }
    this.out.closeStruct(first);
    this.depth--;
  }

  /** True if the next value (before `end`) is NOP padding: type 0 other than null. */
  private isNopPadding(end: number): boolean {
    const descriptor = this.bytes[this.position];
    return this.position < end && descriptor >> 4 === 0 && (descriptor & 0x0f) !== 15;
  }

  private serializeAnnotated(end: number, start: number): void {
    const annotationsEnd = this.annotationsEnd(end, start);
    this.out.openContainer(0xe0);
    while (this.position < annotationsEnd) this.out.appendSymbol(this.annotation(annotationsEnd, start));
    this.checkAnnotatedValue(start);
    if (!this.serializeValue(end)) this.failNopAnnotated(start);
    this.out.closeContainer();
  }
}

const enum Utf8Scan {
  Invalid,
  Valid,
  ValidWithMarkers,
}

/**
 * Whether `bytes[start, end)` is valid UTF-8 as a fatal TextDecoder takes it (no overlong forms,
 * surrogates or code points past U+10FFFF), and if so whether it holds a marker byte (0x0B, 0x0C,
 * 0x0E), which in UTF-8 can only be those characters.
 */
function scanUtf8(bytes: Uint8Array, start: number, end: number): Utf8Scan {
  let markers = false;
  let i = start;
  while (i < end) {
    const lead = bytes[i];
    if (lead < 0x80) {
      if (lead <= 0x0e && lead >= 0x0b && lead !== 0x0d) markers = true;
      i++;
      continue;
    }
    const length = lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    if (length === 0 || i + length > end) return Utf8Scan.Invalid;
    const second = bytes[i + 1];
    const [low, high] = secondByteRange(lead);
    if (second < low || second > high) return Utf8Scan.Invalid;
    for (let k = 2; k < length; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return Utf8Scan.Invalid;
    i += length;
  }
  return markers ? Utf8Scan.ValidWithMarkers : Utf8Scan.Valid;
}

/** The TQ of a null (a negative int's typed null: int's) or of true or false; -1 for any other descriptor. */
function nullOrBoolTq(descriptor: number): number {
  const type = descriptor >> 4;
  if ((descriptor & 0x0f) === 15 && type < 14) return (NULL_TYPE_CODES[type] << 4) | 0x0f;
  return descriptor === 0x10 || descriptor === 0x11 ? descriptor : -1;
}

/** The bytes allowed after a multi-byte lead: narrower for E0 (overlong), ED (surrogates), F0 (overlong), F4 (past U+10FFFF). */
function secondByteRange(lead: number): [number, number] {
  if (lead === 0xe0) return [0xa0, 0xbf];
  if (lead === 0xed) return [0x80, 0x9f];
  if (lead === 0xf0) return [0x90, 0xbf];
  if (lead === 0xf4) return [0x80, 0x8f];
  return [0x80, 0xbf];
}
