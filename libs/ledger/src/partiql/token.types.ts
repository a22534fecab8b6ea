// The tokens the PartiQL lexer produces, each with where it starts (offset, 1-based line and column).

export enum TokenKind {
  /** An unquoted name that is not a reserved word; `text` as written. */
  Identifier,
  /** A "double-quoted" name; `text` unescaped. */
  QuotedIdentifier,
  /** A reserved word; `text` upper-cased. */
  Keyword,
  /** A 'single-quoted' string; `text` unescaped. */
  String,
  /** An integer literal. */
  Integer,
  /** A literal with a decimal point and no exponent. */
  Decimal,
  /** A literal with an exponent. */
  Float,
  /** A `backquoted` Ion literal; `text` is the Ion text between the backquotes. */
  Ion,
  /** `?` */
  Parameter,
  /** Operators and punctuation; `text` is the symbol. */
  Symbol,
  End,
}

export interface Token {
  kind: TokenKind;
  text: string;
  offset: number;
  line: number;
  column: number;
}

/** Words that cannot be unquoted names: they give statements their shape. */
export const RESERVED_WORDS: ReadonlySet<string> = new Set([
  'ALL', 'AND', 'AS', 'AT', 'BETWEEN', 'BY', 'CASE', 'CAST', 'CREATE', 'CROSS', 'DELETE', 'DISTINCT', 'DROP',
  'ELSE', 'END', 'ESCAPE', 'EXCEPT', 'EXISTS', 'FALSE', 'FROM', 'FULL', 'GROUP', 'HAVING', 'IN', 'INNER', 'INSERT',
  'INTERSECT', 'INTO', 'IS', 'JOIN', 'LEFT', 'LIKE', 'LIMIT', 'MISSING', 'NOT', 'NULL', 'OFFSET', 'ON', 'OR',
  'ORDER', 'OUTER', 'REMOVE', 'RIGHT', 'SELECT', 'SET', 'THEN', 'TRUE', 'UNION', 'UPDATE', 'VALUE', 'WHEN',
  'WHERE', 'WITH',
]);

/** How a token reads in an error message. */
export function describeToken(token: Token): string {
  switch (token.kind) {
    case TokenKind.End:
      return 'the end of the statement';
    case TokenKind.Keyword:
      return `keyword ${token.text}`;
    case TokenKind.Identifier:
      return `name ${token.text}`;
    case TokenKind.QuotedIdentifier:
      return `name "${token.text}"`;
    case TokenKind.String:
      return `string '${token.text.length > 30 ? `${token.text.slice(0, 27)}...` : token.text}'`;
    case TokenKind.Ion:
      return 'an Ion literal';
    case TokenKind.Parameter:
      return 'parameter ?';
    default:
      return `'${token.text}'`;
  }
}
