// Reads an export data file block by block in bounded memory: the file is read in chunks, split
// into its top-level values (JSON Lines at newlines; Ion text where a top-level container closes,
// past strings, symbols, comments and lobs; Ion binary by each value's type descriptor and length),
// and each value is decoded alone. Memory holds one chunk and one value, never the file; a value
// larger than MAX_VALUE_BYTES is refused. Ion symbol tables (and version markers) apply to the
// values after them, as in a whole-file read.
import { closeSync, openSync, readSync } from 'node:fs';
import { fromIonJson, IonFormatError, readIonStream, type IonValue } from '../ion';
import type { ExportFormat } from './export-format';

const CHUNK_BYTES = 1 << 20;
/** A block bigger than this is taken for a corrupt or hostile file rather than held in memory. */
export const MAX_VALUE_BYTES = 256 * 1024 * 1024;
const IVM = Buffer.from([0xe0, 0x01, 0x00, 0xea]);

/** The values of the data file at `path`, in order; throws at the first malformed or truncated one. */
export function* readDataFile(path: string, format: ExportFormat): Generator<IonValue> {
  const splitter = format === 'ion-binary' ? new BinarySplitter() : new TextSplitter(format === 'json');
  const decode = format === 'json' ? decodeJsonLine : format === 'ion-text' ? textDecoder() : binaryDecoder();
  for (const piece of readChunks(path)) {
    for (const value of splitter.push(piece)) yield* decode(value);
  }
  for (const value of splitter.end()) yield* decode(value);
}

/** What a top-level item of an Ion binary file is to a reader: a version marker, a system value (a symbol table, padding) or a value. */
export type BinaryItemKind = 'marker' | 'system' | 'value';

/**
 * The top-level items of the Ion binary data file at `path`, in order, each a copy of its bytes
 * (so that it can go to another thread alone); throws where the file is malformed or truncated.
 */
export function* readBinaryItems(path: string): Generator<{ kind: BinaryItemKind; bytes: Uint8Array }> {
  const splitter = new BinarySplitter();
  for (const chunk of readChunks(path)) {
    for (const item of splitter.push(chunk)) yield { kind: binaryItemKind(item), bytes: new Uint8Array(item) };
  }
  for (const item of splitter.end()) yield { kind: binaryItemKind(item), bytes: new Uint8Array(item) };
}

/** A version marker; NOP padding or a struct annotated $ion_symbol_table (SID 3) first: a system value; else a value. */
function binaryItemKind(item: Buffer): BinaryItemKind {
  if (item.equals(IVM)) return 'marker';
  const [type, low] = [item[0] >> 4, item[0] & 0x0f];
  if (type === 0x00 && low !== 0x0f) return 'system';
  if (type !== 0x0e) return 'value';
  const lengths = low === 0x0e ? varUInt(item, 1).next : 1;
  const annotations = varUInt(item, lengths);
  const first = varUInt(item, annotations.next);
  return first.value === 3 && item[annotations.next + annotations.value] >> 4 === 0x0d ? 'system' : 'value';
}

/** The VarUInt at `at`, and where the next field starts. */
function varUInt(bytes: Buffer, at: number): { value: number; next: number } {
  let value = 0;
  for (let i = at; i < bytes.length && i < at + 5; i++) {
    value = value * 128 + (bytes[i] & 0x7f);
    if (bytes[i] & 0x80) return { value, next: i + 1 };
  }
  return { value: -1, next: bytes.length };
}

function* readChunks(path: string): Generator<Buffer> {
  const fd = openSync(path, 'r');
  try {
    for (;;) {
      const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
      const read = readSync(fd, chunk, 0, CHUNK_BYTES, null);
      if (read === 0) return;
      yield chunk.subarray(0, read);
    }
  } finally {
    closeSync(fd);
  }
}

function checkSize(bytes: number): void {
  if (bytes > MAX_VALUE_BYTES) throw new IonFormatError(`a value of more than ${MAX_VALUE_BYTES} bytes: not a block`, bytes);
}

function* decodeJsonLine(line: Buffer): Generator<IonValue> {
  const text = line.toString('utf8');
  if (text.trim() === '') return;
  if (!text.endsWith('\n')) throw new SyntaxError('the last line is not terminated by a newline: the file is truncated');
  yield fromIonJson(JSON.parse(text));
}

/** Ion text values; a piece holding only system values (a symbol table) is kept as context for the next. */
function textDecoder(): (piece: Buffer) => Generator<IonValue> {
  let context = '';
  return function* (piece) {
    const text = piece.toString('utf8');
    const values = [...readIonStream(context + text)];
    if (values.length === 0 && text.trim() !== '') context += text;
    checkSize(context.length);
    yield* values;
  };
}

/** Ion binary values, each read after the version marker and the symbol tables in force. */
function binaryDecoder(): (piece: Buffer) => Generator<IonValue> {
  let context = IVM;
  return function* (piece) {
    if (piece.equals(IVM)) {
      context = IVM;
      return;
    }
    const values = [...readIonStream(Buffer.concat([context, piece]))];
    if (values.length === 0) context = Buffer.concat([context, piece]);
    checkSize(context.length);
    yield* values;
  };
}

/** Splits text into pieces: JSON Lines at each newline, Ion text after each top-level container. */
class TextSplitter {
  private pieces: Buffer[] = [];
  private size = 0;
  private readonly scanner = new IonTextScanner();

  constructor(private readonly lines: boolean) {}

  *push(chunk: Buffer): Generator<Buffer> {
    let start = 0;
    for (let end = this.nextEnd(chunk, 0); end >= 0; end = this.nextEnd(chunk, start)) {
      yield this.take(chunk.subarray(start, end));
      start = end;
    }
    this.keep(chunk.subarray(start));
  }

  *end(): Generator<Buffer> {
    if (this.size > 0) yield this.take(Buffer.alloc(0));
  }

  private nextEnd(chunk: Buffer, from: number): number {
    if (!this.lines) return this.scanner.nextEnd(chunk, from);
    const newline = chunk.indexOf(0x0a, from);
    return newline < 0 ? -1 : newline + 1;
  }

  private keep(bytes: Buffer): void {
    if (bytes.length === 0) return;
    this.pieces.push(bytes);
    this.size += bytes.length;
    checkSize(this.size);
  }

  private take(last: Buffer): Buffer {
    this.keep(last);
    const value = Buffer.concat(this.pieces);
    this.pieces = [];
    this.size = 0;
    return value;
  }
}

const [NEWLINE, DOUBLE_QUOTE, QUOTE, OPEN_PAREN, CLOSE_PAREN, STAR, SLASH] = [0x0a, 0x22, 0x27, 0x28, 0x29, 0x2a, 0x2f];
const [OPEN_BRACKET, BACKSLASH, CLOSE_BRACKET, OPEN_BRACE, CLOSE_BRACE] = [0x5b, 0x5c, 0x5d, 0x7b, 0x7d];
/** The bytes that end a run of plain bytes, by state. */
const QUIET_STRING = [DOUBLE_QUOTE, BACKSLASH, BACKSLASH];
const QUIET_SYMBOL = [QUOTE, BACKSLASH, BACKSLASH];
const QUIET_LOB = [CLOSE_BRACE, DOUBLE_QUOTE, QUOTE];
const NOT_QUIET = [-1, -1, -1];

type ScanState = 'code' | 'slash' | 'line-comment' | 'block-comment' | 'block-star' | 'string' | 'quote1' | 'quote2' | 'symbol' | 'long' | 'long1' | 'long2' | 'brace' | 'lob' | 'lob-close';

/**
 * Finds where top-level Ion text containers end, byte by byte, its state carried across chunks:
 * brackets count outside strings ("..." and '''...'''), quoted symbols, comments and lobs ({{...}}).
 */
class IonTextScanner {
  private state: ScanState = 'code';
  private escaped = false;
  private depth = 0;
  /** The state a string or symbol returns to: code, or inside a clob. */
  private outer: 'code' | 'lob' = 'code';

  /** The index just past the next top-level container's end in `chunk` from `from`, or -1. */
  nextEnd(chunk: Buffer, from: number): number {
    for (let i = this.quietEnd(chunk, from); i < chunk.length; i = this.quietEnd(chunk, i + 1)) {
      if (this.step(chunk[i])) return i + 1;
    }
    return -1;
  }

  /** The index of the next byte from `i` that can change the state: past a string's, a symbol's or a blob's plain bytes. */
  private quietEnd(chunk: Buffer, i: number): number {
    if (this.escaped) return i;
    const [a, b, c] = this.state === 'string' ? QUIET_STRING : this.state === 'symbol' ? QUIET_SYMBOL : this.state === 'lob' ? QUIET_LOB : NOT_QUIET;
    if (a < 0) return i;
    let at = i;
    for (let byte = chunk[at]; at < chunk.length && byte !== a && byte !== b && byte !== c; byte = chunk[++at]);
    return at;
  }

  /** Consumes one byte; true when it closes a top-level container. */
  private step(c: number): boolean {
    if (this.escaped) {
      this.escaped = false;
      return false;
    }
    switch (this.state) {
      case 'slash':
        this.state = c === SLASH ? 'line-comment' : c === STAR ? 'block-comment' : 'code';
        return this.state === 'code' ? this.step(c) : false;
      case 'line-comment':
        if (c === NEWLINE) this.state = 'code';
        return false;
      case 'block-comment':
      case 'block-star':
        this.state = c === SLASH && this.state === 'block-star' ? 'code' : c === STAR ? 'block-star' : 'block-comment';
        return false;
      case 'string':
      case 'symbol':
        if (c === BACKSLASH) this.escaped = true;
        else if (c === (this.state === 'string' ? DOUBLE_QUOTE : QUOTE)) this.state = this.outer;
        return false;
      case 'quote1':
        this.state = c === QUOTE ? 'quote2' : 'symbol';
        return this.state === 'symbol' ? this.step(c) : false;
      case 'quote2':
        if (c === QUOTE) this.state = 'long';
        else {
          this.state = this.outer;
          return this.step(c);
        }
        return false;
      case 'long':
      case 'long1':
      case 'long2':
        if (c === BACKSLASH) this.escaped = true;
        this.state = c !== QUOTE ? 'long' : this.state === 'long' ? 'long1' : this.state === 'long1' ? 'long2' : this.outer;
        return false;
      case 'brace':
        if (c === OPEN_BRACE) {
          this.state = 'lob';
          this.outer = 'lob';
          return false;
        }
        this.depth++;
        this.state = 'code';
        return this.step(c);
      case 'lob':
      case 'lob-close':
        return this.inLob(c);
      default:
        return this.inCode(c);
    }
  }

  private inLob(c: number): boolean {
    if (c === CLOSE_BRACE && this.state === 'lob-close') {
      this.state = 'code';
      this.outer = 'code';
      return this.depth === 0;
    }
    this.state = c === CLOSE_BRACE ? 'lob-close' : 'lob';
    if (c === DOUBLE_QUOTE) this.state = 'string';
    if (c === QUOTE) this.state = 'quote1';
    return false;
  }

  private inCode(c: number): boolean {
    if (c === OPEN_BRACE) this.state = 'brace';
    else if (c === OPEN_BRACKET || c === OPEN_PAREN) this.depth++;
    else if (c === CLOSE_BRACE || c === CLOSE_BRACKET || c === CLOSE_PAREN) {
      this.depth = Math.max(0, this.depth - 1);
      return this.depth === 0;
    } else if (c === DOUBLE_QUOTE) this.state = 'string';
    else if (c === QUOTE) this.state = 'quote1';
    else if (c === SLASH) this.state = 'slash';
    return false;
  }
}

/** Splits Ion binary into version markers and top-level values by their type descriptors and lengths. */
class BinarySplitter {
  private pending: Buffer = Buffer.alloc(0);

  *push(chunk: Buffer): Generator<Buffer> {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    let start = 0;
    for (let length = valueLength(this.pending, start); length !== undefined; length = valueLength(this.pending, start)) {
      checkSize(length);
      if (start + length > this.pending.length) break;
      yield this.pending.subarray(start, start + length);
      start += length;
    }
    this.pending = Buffer.from(this.pending.subarray(start));
  }

  *end(): Generator<Buffer> {
    if (this.pending.length > 0) throw new IonFormatError(`the file ends inside a value (${this.pending.length} bytes left): it is truncated`, this.pending.length);
  }
}

/** The length of the item at `at` (a version marker or a whole value), or undefined until more bytes come. */
function valueLength(bytes: Buffer, at: number): number | undefined {
  if (at >= bytes.length) return undefined;
  const descriptor = bytes[at];
  if (descriptor === 0xe0) return at + 4 <= bytes.length ? (bytes.subarray(at, at + 4).equals(IVM) ? 4 : invalid(at)) : undefined;
  const [type, low] = [descriptor >> 4, descriptor & 0x0f];
  if (type === 0x0f) return invalid(at);
  if (low === 0x0f || type === 0x01) return 1;
  if (low !== 0x0e && !(type === 0x0d && low === 0x01)) return 1 + low;
  let length = 0;
  for (let i = at + 1; i < bytes.length && i < at + 6; i++) {
    length = length * 128 + (bytes[i] & 0x7f);
    if (bytes[i] & 0x80) return i - at + 1 + length;
  }
  return bytes.length - at >= 6 ? invalid(at) : undefined;
}

function invalid(at: number): never {
  throw new IonFormatError(`no Ion binary value starts at byte ${at} of the chunk`, at);
}
