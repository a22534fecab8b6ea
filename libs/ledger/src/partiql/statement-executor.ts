// Runs one PartiQL statement inside a ledger transaction: checks its parameters, then yields its
// values (a query's rows, DML's { documentId } per changed document, DDL's ids, EXPLAIN's plan) as
// plain JavaScript per the ledger's Ion value mapping.
import type { Transaction } from '../engine';
import type { StatementOptions } from '../engine/internal';
import { ionHash, toIonValue, type IonStructObject, type IonValue } from '../ion';
import { executeDdl } from './ddl-executor';
import { executeChange, executeInsert } from './dml-executor';
import { executeExec } from './exec-executor';
import { PartiqlSemanticError } from './errors';
import { describePlan } from './planner';
import type { CompiledSelect } from './compiled-query.types';
import { prepare, type CompiledStatement, type PreparedStatement } from './prepared-statement';
import { collectSelect, planOf, runSelect } from './query-executor';
import { toResult } from './partiql-value';
import type { RuntimeContext } from './scope';
import { SPAN, startSpan, traced } from '../telemetry';
import { statementAttributes } from './statement-telemetry';
import { sizeOf } from './value-size';

/** All values of `statement`, in its span. */
export async function executeStatement(tx: Transaction, statement: string, parameters: IonValue[]): Promise<IonValue[]> {
  return traced(SPAN.statement, () => statementAttributes(statement), () => allValues(tx, statement, parameters));
}

async function allValues(tx: Transaction, statement: string, parameters: IonValue[]): Promise<IonValue[]> {
  const { compiled, context } = start(tx, statement, parameters, {});
  const values: IonValue[] = [];
  if (compiled.kind !== 'select') {
    for await (const value of run(compiled, statement, context)) values.push(value);
    return values;
  }
  for (const value of await collectSelect(compiled.select, context)) {
    const result = toResult(value);
    if (result !== undefined) values.push(result);
  }
  return values;
}

/** The values of `statement`, produced as they are computed; its span lasts until the iteration ends. */
export async function* iterateStatement(tx: Transaction, statement: string, parameters: IonValue[], options: StatementOptions): AsyncGenerator<IonValue> {
  const span = startSpan(SPAN.statement, () => statementAttributes(statement));
  try {
    const { compiled, context } = start(tx, statement, parameters, options);
    yield* run(compiled, statement, context);
  } catch (error) {
    span.fail(error);
    throw error;
  } finally {
    span.end();
  }
}

/** The statement prepared, its parameters checked, and the context it runs in. */
function start(tx: Transaction, statement: string, parameters: IonValue[], options: StatementOptions): { compiled: CompiledStatement; context: RuntimeContext } {
  const prepared = prepare(statement);
  const values = checkParameters(prepared, parameters);
  const compiled = prepared.compiled;
  if (options.queriesOnly && compiled.kind !== 'select' && compiled.kind !== 'explain') {
    throw new PartiqlSemanticError(`only queries can be iterated outside a transaction; run ${statement.trim().split(/\s+/)[0]} with execute or query`, statement);
  }
  return { compiled, context: { transaction: tx, parameters: values, now: new Date(), transactionId: tx.transactionId, cache: new Map(), steps: 0 } };
}

/** A query's values as the caller receives them. */
async function* selected(select: CompiledSelect, context: RuntimeContext): AsyncGenerator<IonValue> {
  for await (const value of runSelect(select, undefined, context)) {
    const result = toResult(value);
    if (result !== undefined) yield result;
  }
}

async function* run(compiled: CompiledStatement, text: string, context: RuntimeContext): AsyncGenerator<IonValue> {
  switch (compiled.kind) {
    case 'select':
      yield* selected(compiled.select, context);
      return;
    case 'insert':
      yield* await executeInsert(compiled, text, context);
      return;
    case 'update':
    case 'delete':
      yield* await executeChange(compiled, text, context);
      return;
    case 'ddl':
      yield* executeDdl(compiled.statement, text, context);
      return;
    case 'exec':
      yield* await executeExec(compiled, text, context);
      return;
    case 'explain':
      yield* explain(compiled.inner, context);
  }
}

/** EXPLAIN: how each source would be read, and what a change statement would do. */
function explain(compiled: CompiledStatement, context: RuntimeContext): IonStructObject[] {
  const env = { slots: [], parent: undefined, subqueries: [], aggregates: [], context };
  switch (compiled.kind) {
    case 'select':
      return compiled.select.sources.map((source) => describePlan(source, planOf(source, env)));
    case 'update':
    case 'delete':
      return [{ operation: compiled.kind.toUpperCase(), ...describePlan(compiled.source, planOf(compiled.source, env)) }];
    case 'insert':
      return [{ operation: 'INSERT', table: compiled.table }];
    case 'ddl':
      return [{ operation: compiled.statement.kind }];
    case 'exec':
      return [{ operation: `EXEC ${compiled.procedure}` }];
    default:
      return explain(compiled.inner, context);
  }
}

/** A value that is an Ion value by its JavaScript type alone. */
function isPrimitive(value: unknown): boolean {
  const type = typeof value;
  return value === null || type === 'string' || type === 'number' || type === 'boolean' || type === 'bigint';
}

/**
 * As many parameters as the statement has `?`, each an Ion value (ion-js values converted to the Ion
 * value they stand for; checked deeply, so a bad one fails before anything runs) of a size within
 * MAX_VALUE_SIZE (weighed first: a value whose parts are shared could be exponentially larger than
 * the object graph that holds it). Returns the parameters as the ledger's values.
 */
function checkParameters(prepared: PreparedStatement, parameters: IonValue[]): IonValue[] {
  if (parameters.length !== prepared.parameterCount) {
    throw new PartiqlSemanticError(
      `the statement has ${prepared.parameterCount} parameter${prepared.parameterCount === 1 ? '' : 's'} (?) but ${parameters.length} ${parameters.length === 1 ? 'was' : 'were'} given`,
      parameters.length,
    );
  }
  const values = parameters.map(toIonValue);
  for (const parameter of values) {
    if (isPrimitive(parameter)) continue;
    sizeOf(parameter);
    ionHash(parameter);
  }
  return values;
}
