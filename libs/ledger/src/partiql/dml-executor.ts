// INSERT, UPDATE, FROM … SET/REMOVE/INSERT INTO and DELETE. The documents a statement changes are
// found (through the planner, like a SELECT) and their new values computed before anything is
// written; then every document it changed is written under one entry of the block's statements,
// the statement verbatim with its parameters' digest. Each returns { documentId } per changed document.
import { isPlainObject, type IonStructObject, type IonValue } from '../ion';
import type { DeleteStatement, DmlOperation, Expr, InsertStatement, UpdateStatement } from './ast.types';
import type { CompiledSelect, CompiledSource } from './compiled-query.types';
import { PartiqlSemanticError, PartiqlTypeError } from './errors';
import type { Evaluate } from './evaluator';
import { elementsOf, fieldsOf, textOf, unwrap, type PartiqlValue } from './partiql-value';
import { insertIntoPath, removePath, setPath, type PathKey } from './path-update';
import type { QueryCompiler } from './query-compiler';
import { bindings } from './query-executor';
import { Scope, type Env, type RuntimeContext } from './scope';
import { lazyStatement } from './statement-record';

/** A path step to change: a field name, or an expression giving a name or a position. */
type KeyStep = string | Evaluate;

type CompiledOperation =
  | { kind: 'set'; keys: KeyStep[]; value: Evaluate }
  | { kind: 'remove'; keys: KeyStep[] }
  | { kind: 'insertInto'; keys: KeyStep[]; value: Evaluate; at?: Evaluate };

export interface CompiledInsert {
  kind: 'insert';
  table: string;
  single: boolean;
  scope: Scope;
  value: Evaluate;
}

export interface CompiledChange {
  kind: 'update' | 'delete';
  select: CompiledSelect;
  source: CompiledSource;
  operations: CompiledOperation[];
}

/** What a DML statement returns for each document it changed. */
type ChangedDocument = { documentId: string };

/** A document's new data, or null to delete it. */
type Change = { documentId: string; data: IonStructObject | null };

export function compileInsert(statement: InsertStatement, compiler: QueryCompiler): CompiledInsert {
  const scope = new Scope(undefined);
  return { kind: 'insert', table: statement.table.name, single: statement.single, scope, value: compiler.expressions.compile(statement.value, scope) };
}

export function compileChange(statement: UpdateStatement | DeleteStatement, compiler: QueryCompiler): CompiledChange {
  const select = compiler.compileSelect(
    { kind: 'select', distinct: false, projection: { kind: 'star' }, from: [statement.source], ...(statement.where ? { where: statement.where } : {}), position: statement.position },
    undefined,
    { idSlots: true },
  );
  const source = select.sources[0];
  if (source.kind !== 'table') throw new PartiqlSemanticError(`${statement.kind.toUpperCase()} changes a user table, not ${source.label}`, source.label);
  const operations = statement.kind === 'update' ? statement.operations.map((operation) => compileOperation(operation, select, source, compiler)) : [];
  return { kind: statement.kind, select, source, operations };
}

export async function executeInsert(insert: CompiledInsert, text: string, context: RuntimeContext): Promise<ChangedDocument[]> {
  const env = insert.scope.newEnv(undefined, context);
  for (let i = 0; i < insert.scope.subqueries.length; i++) env.subqueries[i] = await insert.scope.subqueries[i](env);
  const value = insert.value(env);
  const documents = insert.single ? [value] : (elementsOf(value) ?? (fieldsOf(value) ? [value] : undefined));
  if (!documents) throw new PartiqlTypeError('INSERT INTO … (without VALUE)', 'a bag, list or struct of documents', value);
  const checked = documents.map((document) => asDocument('INSERT', document));
  const options = { statement: lazyStatement(context, text) };
  return checked.map((document) => ({ documentId: context.transaction.insert(insert.table, document, options) }));
}

export async function executeChange(change: CompiledChange, text: string, context: RuntimeContext): Promise<ChangedDocument[]> {
  const changes: Change[] = [];
  for await (const env of bindings(change.select, change.select.scope.newEnv(undefined, context))) {
    const documentId = env.slots[change.source.bySlot as number] as string;
    changes.push({ documentId, data: change.kind === 'delete' ? null : applyOperations(change, env) });
  }
  const tx = context.transaction;
  const options = { statement: lazyStatement(context, text) };
  for (const { documentId, data } of changes) {
    if (data === null) await tx.delete(change.source.table, documentId, options);
    else await tx.update(change.source.table, documentId, data, options);
  }
  return changes.map(({ documentId }) => ({ documentId }));
}

/** The document after the statement's operations; null when one removes the whole document. */
function applyOperations(change: CompiledChange, env: Env): IonStructObject | null {
  let document: IonValue = env.slots[change.source.valueSlot] as IonValue;
  for (const operation of change.operations) {
    const keys = operation.keys.map((key) => pathKey(key, env));
    if (operation.kind === 'remove' && keys.length === 0) return null;
    if (operation.kind === 'set') document = keys.length ? setPath(document, keys, operation.value(env)) : (operation.value(env) as IonValue);
    else if (operation.kind === 'remove') document = removePath(document, keys);
    else document = insertIntoPath(document, keys, operation.value(env), operation.at?.(env));
  }
  return asDocument('UPDATE', document);
}

function compileOperation(operation: DmlOperation, select: CompiledSelect, source: CompiledSource, compiler: QueryCompiler): CompiledOperation {
  const scope = select.scope;
  const keys = targetKeys(operation.target, select, source, compiler);
  switch (operation.kind) {
    case 'set':
      return { kind: 'set', keys, value: compiler.expressions.compile(operation.value, scope) };
    case 'remove':
      return { kind: 'remove', keys };
    case 'insertInto': {
      const value = compiler.expressions.compile(operation.value, scope);
      return operation.at ? { kind: 'insertInto', keys, value, at: compiler.expressions.compile(operation.at, scope) } : { kind: 'insertInto', keys, value };
    }
  }
}

/** The steps from the document to a target: `alias.a[0].b`, or `a[0].b` naming the document's field. */
function targetKeys(target: Expr, select: CompiledSelect, source: CompiledSource, compiler: QueryCompiler): KeyStep[] {
  const root = target.kind === 'path' ? target.root : target;
  const steps = target.kind === 'path' ? target.steps : [];
  if (root.kind !== 'name') throw new PartiqlSemanticError('a DML target is a path from the table alias', root.kind);
  const keys: KeyStep[] = steps.map((step) => (step.kind === 'field' ? step.name : compiler.expressions.compile((step as { index: Expr }).index, select.scope)));
  const slot = select.scope.names.get(root.name);
  if (slot === source.valueSlot) return keys;
  if (slot !== undefined) throw new PartiqlSemanticError(`${root.name} is not the document being changed; start the path at ${source.alias}`, root.name);
  return [root.name, ...keys];
}

function pathKey(step: KeyStep, env: Env): PathKey {
  if (typeof step === 'string') return step;
  const value = step(env);
  const name = textOf(value);
  if (name !== undefined) return name;
  const position = unwrap(value);
  if (typeof position === 'number' && Number.isSafeInteger(position)) return position;
  throw new PartiqlTypeError('a path step', 'a field name or a list position', value);
}

function asDocument(operation: string, value: PartiqlValue): IonStructObject {
  if (!isPlainObject(value)) throw new PartiqlTypeError(operation, 'a document: a struct without repeated field names or annotations', value);
  return value;
}
