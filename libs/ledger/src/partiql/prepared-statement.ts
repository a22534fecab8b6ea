// Statements parsed and compiled once and kept by their text (a bounded cache, the oldest out
// first), so running the same statement again costs a lookup, not a parse.
import type { ExplainStatement, Statement } from './ast.types';
import type { CompiledSelect } from './compiled-query.types';
import type { DdlStatement } from './ddl-executor';
import { compileChange, compileInsert, type CompiledChange, type CompiledInsert } from './dml-executor';
import { PartiqlSemanticError } from './errors';
import { compileExec, type CompiledExec } from './exec-executor';
import { parsePartiql } from './partiql-parser';
import { QueryCompiler } from './query-compiler';

export type CompiledStatement =
  | { kind: 'select'; select: CompiledSelect }
  | CompiledInsert
  | CompiledChange
  | { kind: 'ddl'; statement: DdlStatement }
  | CompiledExec
  | { kind: 'explain'; inner: CompiledStatement };

export interface PreparedStatement {
  text: string;
  parameterCount: number;
  compiled: CompiledStatement;
}

const CACHE_SIZE = 500;
const cache = new Map<string, PreparedStatement>();

/** The statement `text` parsed and compiled. Throws PartiqlSyntaxError or PartiqlSemanticError. */
export function prepare(text: string): PreparedStatement {
  if (typeof text !== 'string') throw new PartiqlSemanticError('a PartiQL statement must be a string', text);
  const cached = cache.get(text);
  if (cached) return cached;
  const { statement, parameterCount } = parsePartiql(text);
  const prepared = { text, parameterCount, compiled: compile(statement, new QueryCompiler()) };
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(text, prepared);
  return prepared;
}

function compile(statement: Statement, compiler: QueryCompiler): CompiledStatement {
  switch (statement.kind) {
    case 'select':
      return { kind: 'select', select: compiler.compileSelect(statement, undefined) };
    case 'insert':
      return compileInsert(statement, compiler);
    case 'update':
    case 'delete':
      return compileChange(statement, compiler);
    case 'exec':
      return compileExec(statement, compiler);
    case 'explain':
      return { kind: 'explain', inner: compile((statement as ExplainStatement).statement, compiler) };
    default:
      return { kind: 'ddl', statement };
  }
}
