// What the span of one PartiQL statement says. Its `db.query.text` is the statement re-written from its tokens
// with every literal (strings, numbers, Ion literals) replaced by `?` and comments dropped, so that
// neither a parameter's value nor a literal written into the text reaches a trace; a statement that
// does not lex gets no text. The sanitized text is kept per statement text, like prepared statements.
import { ATTRIBUTE, type SpanAttributes } from '../telemetry';
import { PartiqlLexer } from './partiql-lexer';
import { TokenKind, type Token } from './token.types';

const LITERALS = new Set([TokenKind.String, TokenKind.Integer, TokenKind.Decimal, TokenKind.Float, TokenKind.Ion, TokenKind.Parameter]);
/** Symbols written without a space before them, and those without a space after them. */
const NO_SPACE_BEFORE = new Set(['.', ',', ')', ']', '}', ';']);
const NO_SPACE_AFTER = new Set(['.', '(', '[', '{', '@']);

const CACHE_SIZE = 500;
const sanitizedTexts = new Map<string, SpanAttributes>();

/** The attributes of the span of `statement`: its sanitized text and operation (none when it does not lex). */
export function statementAttributes(statement: string): SpanAttributes {
  const cached = sanitizedTexts.get(statement);
  if (cached) return cached;
  const attributes = sanitizedAttributes(statement);
  if (sanitizedTexts.size >= CACHE_SIZE) sanitizedTexts.delete(sanitizedTexts.keys().next().value as string);
  sanitizedTexts.set(statement, attributes);
  return attributes;
}

function sanitizedAttributes(statement: string): SpanAttributes {
  let tokens: Token[];
  try {
    tokens = PartiqlLexer.tokenize(statement).filter((token) => token.kind !== TokenKind.End);
  } catch {
    return {};
  }
  const first = tokens[0];
  return {
    [ATTRIBUTE.queryText]: sanitizedText(tokens),
    ...(first?.kind === TokenKind.Keyword ? { [ATTRIBUTE.operationName]: first.text } : {}),
  };
}

/** The tokens written back with literals as `?`, names quoted as they were, and single spaces. */
export function sanitizedText(tokens: readonly Token[]): string {
  let text = '';
  for (const [i, token] of tokens.entries()) {
    const previous = tokens[i - 1];
    const spaced = previous !== undefined && !(token.kind === TokenKind.Symbol && NO_SPACE_BEFORE.has(token.text)) && !(previous.kind === TokenKind.Symbol && NO_SPACE_AFTER.has(previous.text));
    text += (spaced ? ' ' : '') + tokenText(token);
  }
  return text;
}

function tokenText(token: Token): string {
  if (LITERALS.has(token.kind)) return '?';
  if (token.kind === TokenKind.QuotedIdentifier) return JSON.stringify(token.text);
  return token.text;
}
