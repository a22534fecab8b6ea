// EXEC <procedure> arg, …: QLDB's stored procedures. QLDB had one, REDACT_REVISION `{strandId,
// sequenceNo}`, 'tableId', 'documentId', which redacts a revision (engine/redaction.ts) and returns
// { blockAddress, tableId, documentId, version }; its statement is recorded verbatim with its
// parameters' digest, like any other.
import type { IonStructObject } from '../ion';
import type { ExecStatement } from './ast.types';
import { PartiqlSemanticError } from './errors';
import type { Evaluate } from './evaluator';
import { toResult } from './partiql-value';
import type { QueryCompiler } from './query-compiler';
import { Scope, type RuntimeContext } from './scope';
import { lazyStatement } from './statement-record';

export interface CompiledExec {
  kind: 'exec';
  procedure: 'REDACT_REVISION';
  scope: Scope;
  args: Evaluate[];
}

const REDACT_REVISION_ARGUMENTS = 3;

export function compileExec(statement: ExecStatement, compiler: QueryCompiler): CompiledExec {
  if (statement.procedure !== 'REDACT_REVISION') throw new PartiqlSemanticError(`no stored procedure is named ${statement.procedure}; there is REDACT_REVISION`, statement.procedure);
  if (statement.args.length !== REDACT_REVISION_ARGUMENTS) {
    throw new PartiqlSemanticError(`REDACT_REVISION takes ${REDACT_REVISION_ARGUMENTS} arguments (block address, table id, document id), not ${statement.args.length}`, statement.args.length);
  }
  const scope = new Scope(undefined);
  return { kind: 'exec', procedure: statement.procedure, scope, args: statement.args.map((arg) => compiler.expressions.compile(arg, scope)) };
}

export async function executeExec(exec: CompiledExec, text: string, context: RuntimeContext): Promise<IonStructObject[]> {
  const env = exec.scope.newEnv(undefined, context);
  const [blockAddress, tableId, documentId] = exec.args.map((arg) => toResult(arg(env)));
  const info = await context.transaction.redactRevision(blockAddress as never, tableId as string, documentId as string, { statement: lazyStatement(context, text) });
  return [{ ...info }];
}
