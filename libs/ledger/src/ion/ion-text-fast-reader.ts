// A fast reader of the Ion text most Ion text is made of, and all that the ledger's own text writer
// emits: structs, lists, s-expressions, short strings and quoted symbols (with the escapes \" \'
// \\ \/ \n \r \t \xHH \uHHHH), identifiers, annotations, decimal ints, floats and decimals,
// timestamps, typed nulls and blobs. Its values are exactly those ion-js reads from the same text
// (ion-text-fast-reader.spec.ts proves it on the random values and the mutated inputs there). Any other
// form (symbol tables, `$` symbols and symbol IDs, long strings, clobs, comments, other escapes,
// hex/binary/underscored numbers, nan and infinities, operators, nesting past MAX_DEPTH) and any
// malformed input make it give up: the caller reads that input with ion-js, whose values and
// refusals stay the reference.
import { decodeBase64 } from '../crypto';
import { buildStruct } from './ion-struct-builder';
import { fieldsToDate, isDateShaped, timestampFields } from './ion-timestamp-fields';
import { Decimal, floatValue, intValue, IonAnnotated, IonSexp, IonSymbol, IonTypedNull, Timestamp, type IonTypeName, type IonValue } from './ion-value';
import { charCodeAt, indexOf } from './string-methods';
import { MAX_DEPTH } from './value-path';

const slice = String.prototype.slice;

/** Thrown where the text leaves the forms read here; never escapes readIonTextFast. */
class NotFast {}
const NOT_FAST = new NotFast();

function giveUp(): never {
  throw NOT_FAST;
}

const enum Char {
  Tab = 0x09,
  CarriageReturn = 0x0d,
  Space = 0x20,
  DoubleQuote = 0x22,
  Dollar = 0x24,
  Quote = 0x27,
  OpenParen = 0x28,
  CloseParen = 0x29,
  Plus = 0x2b,
  Comma = 0x2c,
  Minus = 0x2d,
  Dot = 0x2e,
  Zero = 0x30,
  Nine = 0x39,
  Colon = 0x3a,
  OpenBracket = 0x5b,
  Backslash = 0x5c,
  CloseBracket = 0x5d,
  Underscore = 0x5f,
  OpenBrace = 0x7b,
  CloseBrace = 0x7d,
  Delete = 0x7f,
}

const KEYWORDS = new Set(['null', 'true', 'false', 'nan']);
const NULL_TYPES = new Set<string>(['null', 'bool', 'int', 'float', 'decimal', 'timestamp', 'symbol', 'string', 'clob', 'blob', 'list', 'sexp', 'struct']);
const SIMPLE_ESCAPES: Record<string, string> = { '"': '"', "'": "'", '\\': '\\', '/': '/', n: '\n', r: '\r', t: '\t' };
const TIMESTAMP = /^\d{4}(T|-\d{2}T|-\d{2}-\d{2}T?|-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))$/;
const DATE_SHAPED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** The top-level values of `text`, or undefined where it leaves the forms read here (ion-js reads it then). */
export function readIonTextFast(text: string): IonValue[] | undefined {
  try {
    return new FastTextReader(text).readAll();
  } catch {
    return undefined;
  }
}

class FastTextReader {
  private at = 0;
  private depth = 0;

  constructor(private readonly text: string) {}

  readAll(): IonValue[] {
    const values: IonValue[] = [];
    for (this.skipSpace(); this.at < this.text.length; this.skipSpace()) values.push(this.value());
    return values;
  }

  private code(): number {
    return this.at < this.text.length ? charCodeAt.call(this.text, this.at) : -1;
  }

  private skipSpace(): void {
    while (isSpace(this.code())) this.at++;
  }

  private expect(char: number): void {
    if (this.code() !== char) giveUp();
    this.at++;
  }

  /** A value with its annotations, followed by whitespace, a separator or the end. */
  private value(): IonValue {
    const annotations: string[] = [];
    for (;;) {
      const c = this.code();
      if (c !== Char.Quote && !isIdentifierStart(c)) break;
      const start = this.at;
      const symbol = c === Char.Quote ? this.quotedSymbol() : this.identifier();
      if (this.code() !== Char.Colon) {
        this.at = start;
        break;
      }
      this.expect(Char.Colon);
      this.expect(Char.Colon);
      if (c !== Char.Quote && KEYWORDS.has(symbol)) giveUp();
      annotations.push(symbol);
    }
    const value = this.bareValue();
    if (!isStop(this.code())) giveUp();
    return annotations.length > 0 ? new IonAnnotated(annotations, value) : value;
  }

  private bareValue(): IonValue {
    const c = this.code();
    if (c === Char.OpenBrace) return charCodeAt.call(this.text, this.at + 1) === Char.OpenBrace ? this.blob() : this.struct();
    if (c === Char.OpenBracket) return this.list();
    if (c === Char.OpenParen) return this.sexp();
    if (c === Char.DoubleQuote) return this.shortString();
    if (c === Char.Quote) return new IonSymbol(this.quotedSymbol());
    if (isDigit(c) || c === Char.Minus) return this.numeric();
    if (isIdentifierStart(c)) return this.keywordOrSymbol();
    return giveUp();
  }

  private keywordOrSymbol(): IonValue {
    const text = this.identifier();
    if (!KEYWORDS.has(text)) return new IonSymbol(text);
    if (text === 'true' || text === 'false') return text === 'true';
    if (text !== 'null') return giveUp();
    if (this.code() !== Char.Dot) return null;
    this.at++;
    const type = this.identifier();
    if (!NULL_TYPES.has(type)) giveUp();
    return type === 'null' ? null : new IonTypedNull(type as IonTypeName);
  }

  /** An identifier's text; those starting with `$` (system symbols, symbol IDs) are left to ion-js. */
  private identifier(): string {
    const start = this.at;
    if (!isIdentifierStart(this.code()) || this.code() === Char.Dollar) giveUp();
    while (isIdentifierPart(this.code())) this.at++;
    return slice.call(this.text, start, this.at);
  }

  private quotedSymbol(): string {
    if (this.text.startsWith("'''", this.at)) giveUp();
    const text = this.quoted(Char.Quote);
    if (charCodeAt.call(text, 0) === Char.Dollar) giveUp();
    return text;
  }

  private shortString(): string {
    return this.quoted(Char.DoubleQuote);
  }

  /** The text between `quote`s from here, its escapes resolved. */
  private quoted(quote: number): string {
    this.at++;
    let text = '';
    let start = this.at;
    for (;;) {
      const c = this.code();
      if (c === quote) break;
      if (c === Char.Backslash) {
        text += slice.call(this.text, start, this.at) + this.escape();
        start = this.at;
      } else {
        this.plainChar(c);
      }
    }
    text += slice.call(this.text, start, this.at);
    this.at++;
    return text;
  }

  /** Steps over one unescaped character of a quoted text: no control characters, no unpaired surrogates. */
  private plainChar(c: number): void {
    if (c < Char.Space || c === Char.Delete) giveUp();
    if (c >= 0xd800 && c <= 0xdfff) {
      const low = charCodeAt.call(this.text, this.at + 1);
      if (c > 0xdbff || !(low >= 0xdc00 && low <= 0xdfff)) giveUp();
      this.at++;
    }
    this.at++;
  }

  private escape(): string {
    const letter = this.text.charAt(this.at + 1);
    const simple = SIMPLE_ESCAPES[letter];
    if (simple !== undefined) {
      this.at += 2;
      return simple;
    }
    const digits = letter === 'x' ? 2 : letter === 'u' ? 4 : giveUp();
    const hex = slice.call(this.text, this.at + 2, this.at + 2 + digits);
    if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== digits) giveUp();
    const code = parseInt(hex, 16);
    if (code >= 0xd800 && code <= 0xdfff) giveUp();
    this.at += 2 + digits;
    return String.fromCharCode(code);
  }

  private struct(): IonValue {
    this.enter(Char.OpenBrace);
    const names: string[] = [];
    const values: IonValue[] = [];
    if (this.code() !== Char.CloseBrace) {
      for (;;) {
        names.push(this.fieldName());
        this.skipSpace();
        this.expect(Char.Colon);
        if (this.code() === Char.Colon) giveUp();
        this.skipSpace();
        values.push(this.value());
        if (!this.separator(Char.CloseBrace)) break;
      }
    }
    this.leave(Char.CloseBrace);
    return buildStruct(names, values);
  }

  private fieldName(): string {
    const c = this.code();
    if (c === Char.DoubleQuote) return this.shortString();
    if (c === Char.Quote) return this.quotedSymbol();
    const name = this.identifier();
    if (KEYWORDS.has(name)) giveUp();
    return name;
  }

  private list(): IonValue[] {
    this.enter(Char.OpenBracket);
    const items: IonValue[] = [];
    if (this.code() !== Char.CloseBracket) {
      do items.push(this.value());
      while (this.separator(Char.CloseBracket));
    }
    this.leave(Char.CloseBracket);
    return items;
  }

  /** After an item: true past a comma (another item follows), false before `close`. */
  private separator(close: number): boolean {
    this.skipSpace();
    if (this.code() !== Char.Comma) return false;
    this.at++;
    this.skipSpace();
    if (this.code() === close) giveUp();
    return true;
  }

  /** An s-expression; a `-` in one may be an operator, so numbers there start with a digit. */
  private sexp(): IonSexp {
    this.enter(Char.OpenParen);
    const items: IonValue[] = [];
    for (let c = this.code(); c !== Char.CloseParen; c = this.code()) {
      if (c === Char.Minus) giveUp();
      items.push(this.value());
      this.skipSpace();
    }
    this.leave(Char.CloseParen);
    return new IonSexp(items);
  }

  private enter(open: number): void {
    if (this.depth === MAX_DEPTH) giveUp();
    this.depth++;
    this.expect(open);
    this.skipSpace();
  }

  private leave(close: number): void {
    this.skipSpace();
    this.expect(close);
    this.depth--;
  }

  /** `{{ base64 }}`: only canonical base64 (the ledger's writer's), the rest left to ion-js. */
  private blob(): Uint8Array {
    this.at += 2;
    this.skipSpace();
    const end = indexOf.call(this.text, '}', this.at);
    if (end < 0) giveUp();
    let contentEnd = end;
    while (isSpace(charCodeAt.call(this.text, contentEnd - 1))) contentEnd--;
    const base64 = slice.call(this.text, this.at, contentEnd);
    this.at = end;
    this.expect(Char.CloseBrace);
    this.expect(Char.CloseBrace);
    return decodeBase64(base64) ?? giveUp();
  }

  /** An int, float, decimal or timestamp. */
  private numeric(): IonValue {
    const start = this.at;
    if (this.code() === Char.Minus) this.at++;
    const digitsStart = this.at;
    this.digits();
    if (start === digitsStart && this.at - start === 4 && (this.code() === Char.Minus || this.text.charAt(this.at) === 'T')) return this.timestamp(start);
    if (charCodeAt.call(this.text, digitsStart) === Char.Zero && this.at - digitsStart > 1) giveUp();
    let kind: 'int' | 'decimal' | 'float' = 'int';
    if (this.code() === Char.Dot) {
      this.at++;
      kind = 'decimal';
      while (isDigit(this.code())) this.at++;
    }
    const exponent = this.text.charAt(this.at);
    if (exponent === 'e' || exponent === 'E' || exponent === 'd' || exponent === 'D') {
      kind = exponent === 'e' || exponent === 'E' ? 'float' : 'decimal';
      this.at++;
      if (this.code() === Char.Plus || this.code() === Char.Minus) this.at++;
      this.digits();
    }
    return numberOf(kind, slice.call(this.text, start, this.at));
  }

  /** One or more digits. */
  private digits(): void {
    if (!isDigit(this.code())) giveUp();
    while (isDigit(this.code())) this.at++;
  }

  private timestamp(start: number): IonValue {
    while (isTimestampChar(this.code())) this.at++;
    const text = slice.call(this.text, start, this.at);
    if (!TIMESTAMP.test(text)) giveUp();
    return timestampOf(text);
  }
}

function numberOf(kind: 'int' | 'decimal' | 'float', text: string): IonValue {
  if (kind === 'float') return floatValue(Number(text));
  if (kind === 'decimal') return Decimal.parse(text) ?? giveUp();
  return text.length < 16 ? Number(text) || 0 : intValue(BigInt(text));
}

/** What ion-js's reader makes of a timestamp: a Date when it is one to the millisecond in UTC, an ion-js Timestamp otherwise. */
function timestampOf(text: string): IonValue {
  if (DATE_SHAPED.test(text) && !text.startsWith('0000')) {
    const date = new Date(text);
    if (!Number.isNaN(date.getTime()) && date.toISOString() === text) return date;
  }
  const value = Timestamp.parse(text) ?? giveUp();
  const fields = timestampFields(value);
  return isDateShaped(fields) ? fieldsToDate(fields) : value;
}

function isSpace(c: number): boolean {
  return c === Char.Space || (c >= Char.Tab && c <= Char.CarriageReturn);
}

/** What may follow a value: whitespace, a separator, a container's end, or the end of the text. */
function isStop(c: number): boolean {
  return c === -1 || isSpace(c) || c === Char.Comma || c === Char.CloseBracket || c === Char.CloseBrace || c === Char.CloseParen;
}

function isDigit(c: number): boolean {
  return c >= Char.Zero && c <= Char.Nine;
}

function isIdentifierStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === Char.Underscore || c === Char.Dollar;
}

function isIdentifierPart(c: number): boolean {
  return isIdentifierStart(c) || isDigit(c);
}

function isTimestampChar(c: number): boolean {
  return isDigit(c) || c === Char.Minus || c === Char.Plus || c === Char.Colon || c === Char.Dot || c === 0x54 || c === 0x5a;
}
