// EXEC <procedure> arg, …: stored procedures. QLDB had one, REDACT_REVISION `{strandId,
// sequenceNo}`, 'tableId', 'documentId', which redacts a revision (engine/redaction.ts) and returns
// { blockAddress, tableId, documentId, version }; ours, REDACT_EVENT `{strandId, sequenceNo}`,
// eventIndex, redacts an event's payload (engine/event-redaction.ts) and returns { blockAddress,
// eventIndex }. Their statement is recorded verbatim with its parameters' digest, like any other.
import type { IonStructObject } from '../ion';
import type { ExecStatement } from './ast.types';
import { PartiqlSemanticError } from './errors';
import type { Evaluate } from './evaluator';
import { toResult } from './partiql-value';
import type { QueryCompiler } from './query-compiler';
import { Scope, type RuntimeContext } from './scope';
import { lazyStatement } from './statement-record';

/** Each stored procedure, with its arguments as its errors name them. */
const PROCEDURES = {
  REDACT_REVISION: ['block address', 'table id', 'document id'],
  REDACT_EVENT: ['block address', 'event index'],
} as const;

type Procedure = keyof typeof PROCEDURES;

export interface CompiledExec {
  kind: 'exec';
  procedure: Procedure;
  scope: Scope;
  args: Evaluate[];
}

export function compileExec(statement: ExecStatement, compiler: QueryCompiler): CompiledExec {
  const { procedure } = statement;
  if (!isProcedure(procedure)) throw new PartiqlSemanticError(`no stored procedure is named ${procedure}; there are ${Object.keys(PROCEDURES).join(' and ')}`, procedure);
  const expected = PROCEDURES[procedure];
  if (statement.args.length !== expected.length) {
    throw new PartiqlSemanticError(`${procedure} takes ${expected.length} arguments (${expected.join(', ')}), not ${statement.args.length}`, statement.args.length);
  }
  const scope = new Scope(undefined);
  return { kind: 'exec', procedure, scope, args: statement.args.map((arg) => compiler.expressions.compile(arg, scope)) };
}

export async function executeExec(exec: CompiledExec, text: string, context: RuntimeContext): Promise<IonStructObject[]> {
  const env = exec.scope.newEnv(undefined, context);
  const args = exec.args.map((arg) => toResult(arg(env)));
  const options = { statement: lazyStatement(context, text) };
  if (exec.procedure === 'REDACT_EVENT') {
    const info = await context.transaction.redactEvent(args[0] as never, args[1] as number, options);
    return [{ ...info }];
  }
  const [blockAddress, tableId, documentId] = args;
  const info = await context.transaction.redactRevision(blockAddress as never, tableId as string, documentId as string, options);
  return [{ ...info }];
}

function isProcedure(name: string): name is Procedure {
  return Object.hasOwn(PROCEDURES, name);
}
