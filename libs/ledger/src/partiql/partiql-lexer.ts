// The PartiQL lexer: statement text to tokens, skipping whitespace and comments (`-- …` and
// `/* … */`), with the line and column of each so errors can point at them.
import { PartiqlSyntaxError } from './errors';
import { RESERVED_WORDS, TokenKind, type Token } from './token.types';

const NUMBER = /(\d*)(\.\d*)?([eE][+-]?\d+)?/y;
const WORD = /[A-Za-z0-9_$]*/y;
/** Two-character symbols, tried before the one-character ones so `<=` wins over `<`. */
const PAIRS = new Set(['<<', '>>', '<=', '>=', '<>', '!=', '||']);
const SINGLES = new Set(['=', '<', '>', '+', '-', '*', '/', '%', '.', ',', '(', ')', '[', ']', '{', '}', ':', '@', ';']);
/** The longest reserved word: longer names are never keywords. */
const LONGEST_RESERVED = 9;

export class PartiqlLexer {
  private offset = 0;
  private line = 1;
  private lineStart = 0;

  private constructor(private readonly source: string) {}

  /** Every token of `source`, ending with one of kind End. Throws PartiqlSyntaxError. */
  static tokenize(source: string): Token[] {
    const lexer = new PartiqlLexer(source);
    const tokens: Token[] = [];
    for (;;) {
      const token = lexer.next();
      tokens.push(token);
      if (token.kind === TokenKind.End) return tokens;
    }
  }

  private next(): Token {
    this.skipSpaceAndComments();
    const start = this.position();
    if (this.offset >= this.source.length) return token(TokenKind.End, '', start);
    const c = this.source[this.offset];
    if (isIdentifierStart(c)) return this.word(start);
    if (isDigit(c) || (c === '.' && isDigit(this.source[this.offset + 1] ?? ''))) return this.number(start);
    switch (c) {
      case "'":
        return token(TokenKind.String, this.quoted("'", start), start);
      case '"':
        return token(TokenKind.QuotedIdentifier, this.quoted('"', start), start);
      case '`':
        return token(TokenKind.Ion, this.ion(start), start);
      case '?':
        this.offset++;
        return token(TokenKind.Parameter, '?', start);
    }
    const pair = this.source.substr(this.offset, 2);
    const symbol = PAIRS.has(pair) ? pair : SINGLES.has(c) ? c : undefined;
    if (!symbol) throw this.error(start, 'a name, literal, operator or punctuation', `character ${JSON.stringify(c)}`);
    this.offset += symbol.length;
    return token(TokenKind.Symbol, symbol, start);
  }

  private word(start: Position): Token {
    WORD.lastIndex = this.offset + 1;
    WORD.exec(this.source);
    const text = this.source.slice(this.offset, WORD.lastIndex);
    this.offset = WORD.lastIndex;
    const upper = text.length <= LONGEST_RESERVED ? text.toUpperCase() : '';
    return RESERVED_WORDS.has(upper) ? token(TokenKind.Keyword, upper, start) : token(TokenKind.Identifier, text, start);
  }

  private number(start: Position): Token {
    NUMBER.lastIndex = this.offset;
    const match = NUMBER.exec(this.source)!;
    const text = match[0];
    if (isIdentifierPart(this.source[this.offset + text.length] ?? '')) {
      throw this.error(start, 'a number', JSON.stringify(this.source.slice(this.offset, this.offset + text.length + 1)));
    }
    this.offset += text.length;
    const kind = match[3] ? TokenKind.Float : match[2] ? TokenKind.Decimal : TokenKind.Integer;
    return token(kind, text, start);
  }

  /** A '…' or "…" literal, the quote doubled to escape it; returns its unescaped text. */
  private quoted(quote: string, start: Position): string {
    let text = '';
    let at = this.offset + 1;
    for (;;) {
      const end = this.source.indexOf(quote, at);
      if (end < 0) throw this.error(start, `a closing ${quote}`, 'the end of the statement');
      text += this.source.slice(at, end);
      if (this.source[end + 1] !== quote) {
        this.advanceTo(end + 1);
        return text;
      }
      text += quote;
      at = end + 2;
    }
  }

  /** A `…` Ion literal; backquotes inside Ion strings and symbols do not end it. */
  private ion(start: Position): string {
    let at = this.offset + 1;
    while (at < this.source.length && this.source[at] !== '`') {
      const c = this.source[at];
      if (c === '"' || c === "'") at = this.skipIonQuoted(at, start);
      else at++;
    }
    if (at >= this.source.length) throw this.error(start, 'a closing ` after the Ion literal', 'the end of the statement');
    const text = this.source.slice(this.offset + 1, at);
    this.advanceTo(at + 1);
    return text;
  }

  /** The offset after an Ion quoted string or symbol (or '''long string''') starting at `at`. */
  private skipIonQuoted(at: number, start: Position): number {
    const quote = this.source.startsWith("'''", at) ? "'''" : this.source[at];
    for (let i = at + quote.length; i < this.source.length; i++) {
      if (this.source[i] === '\\') i++;
      else if (this.source.startsWith(quote, i)) return i + quote.length;
    }
    throw this.error(start, `the end of an Ion ${quote === '"' ? 'string' : 'symbol or string'} inside the Ion literal`, 'the end of the statement');
  }

  private skipSpaceAndComments(): void {
    for (;;) {
      const c = this.source[this.offset];
      if (c === ' ' || c === '\t' || c === '\r' || c === '\f') this.offset++;
      else if (c === '\n') this.advanceTo(this.offset + 1);
      else if (c === '-' && this.source[this.offset + 1] === '-') this.advanceTo(this.lineEnd());
      else if (c === '/' && this.source[this.offset + 1] === '*') this.advanceTo(this.blockCommentEnd());
      else return;
    }
  }

  private lineEnd(): number {
    const end = this.source.indexOf('\n', this.offset);
    return end < 0 ? this.source.length : end;
  }

  private blockCommentEnd(): number {
    const end = this.source.indexOf('*/', this.offset + 2);
    if (end < 0) throw this.error(this.position(), 'the */ that ends the comment', 'the end of the statement');
    return end + 2;
  }

  /** Moves to `end`, counting the lines passed. */
  private advanceTo(end: number): void {
    for (let i = this.offset; i < end; i++) {
      if (this.source.charCodeAt(i) === 0x0a) {
        this.line++;
        this.lineStart = i + 1;
      }
    }
    this.offset = end;
  }

  private position(): Position {
    return { offset: this.offset, line: this.line, column: this.offset - this.lineStart + 1 };
  }

  private error(at: Position, expected: string, found: string): PartiqlSyntaxError {
    return new PartiqlSyntaxError(at.line, at.column, expected, found);
  }
}

interface Position {
  offset: number;
  line: number;
  column: number;
}

function token(kind: TokenKind, text: string, at: Position): Token {
  return { kind, text, offset: at.offset, line: at.line, column: at.column };
}

function isIdentifierStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_' || c === '$';
}

function isIdentifierPart(c: string): boolean {
  return isIdentifierStart(c) || isDigit(c);
}

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}
