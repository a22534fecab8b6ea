// Ion literals in backquotes: their text read with the ledger's Ion reader, any failure reported as
// a syntax error at the literal.
import { fromIon, type IonValue } from '../ion';
import { PartiqlSyntaxError } from './errors';
import type { Token } from './token.types';

/** The Ion value a backquoted literal holds; throws PartiqlSyntaxError when it holds no single value. */
export function parseIonLiteral(token: Token): IonValue {
  try {
    return fromIon(token.text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new PartiqlSyntaxError(token.line, token.column, 'one valid Ion value between the backquotes', `\`${token.text.slice(0, 40)}\` (${reason})`);
  }
}
