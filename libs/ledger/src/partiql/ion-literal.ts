// Ion literals in backquotes: their text read with the ledger's Ion reader, any failure reported as
// a syntax error at the literal.
import { fromIon, type IonValue } from '../ion';
import { MAX_DEPTH } from '../ion/value-path';
import { PartiqlSyntaxError } from './errors';
import { elementsOf, fieldsOf } from './partiql-value';
import type { Token } from './token.types';

const CACHE_SIZE = 1000;
/** Literals read before, by their text (the evaluator copies what it hands out, so sharing is safe). */
const cache = new Map<string, IonValue>();

/** The Ion value a backquoted literal holds; throws PartiqlSyntaxError when it holds no single value. */
export function parseIonLiteral(token: Token): IonValue {
  const cached = cache.get(token.text);
  if (cached !== undefined) return cached;
  const value = readLiteral(token);
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(token.text, value);
  return value;
}

function readLiteral(token: Token): IonValue {
  let value: IonValue;
  try {
    value = fromIon(token.text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new PartiqlSyntaxError(token.line, token.column, 'one valid Ion value between the backquotes', `\`${token.text.slice(0, 40)}\` (${reason})`);
  }
  if (tooDeep(value)) throw new PartiqlSyntaxError(token.line, token.column, `an Ion value nested at most ${MAX_DEPTH} levels deep`, 'a deeper one');
  return value;
}

/** Whether containers nest deeper than MAX_DEPTH in `value` (walked without recursion). */
function tooDeep(value: IonValue): boolean {
  const stack: Array<[IonValue, number]> = [[value, 0]];
  while (stack.length) {
    const [current, depth] = stack.pop()!;
    if (depth > MAX_DEPTH) return true;
    const children = elementsOf(current) ?? fieldsOf(current)?.map(([, field]) => field) ?? [];
    for (const child of children) stack.push([child, depth + 1]);
  }
  return false;
}
