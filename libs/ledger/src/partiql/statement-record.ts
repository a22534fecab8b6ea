// A statement's entry in its block's transactionInfo, recorded (verbatim, with its parameters'
// digest) the first time one of its writes is accepted: a statement that changes nothing, or whose
// write is refused, leaves no entry.
import type { RuntimeContext } from './scope';

export function lazyStatement(context: RuntimeContext, text: string): () => number {
  let index: number | undefined;
  return () => (index ??= context.transaction.recordStatement(text, [...context.parameters]));
}
