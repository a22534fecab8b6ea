// Reads a planned source's rows through the transaction's read APIs (so every read is recorded for
// optimistic concurrency): a table page by page, by document id, or through an index; a committed
// view; history(); the catalog; or the elements of an expression's value.
import { CATALOG_TABLE_NAME, type IndexRange, type LedgerDocument } from '../engine';
import { Timestamp, type IonStructObject, type IonValue } from '../ion';
import { compareBytes, ionOrderKey, isOrdered } from '../ion/ion-order-key';
import type { Revision } from '../journal';
import type { CompiledSource } from './compiled-query.types';
import { PartiqlTypeError } from './errors';
import type { Evaluate } from './evaluator';
import { Bag, elementsOf, isAbsent, textOf, toStored, unwrap, type PartiqlValue } from './partiql-value';
import type { AccessPlan } from './planner';
import type { Env } from './scope';

export interface SourceRow {
  value: PartiqlValue;
  /** The document id (BY). */
  id?: string;
  /** The position in a list (AT). */
  position?: number;
}

type Bound = { value: IonValue; key: Uint8Array; inclusive: boolean };

/**
 * The rows of `source` under `plan` for the current row of the sources before it: all at once, or
 * page by page where the source is large (a table scan, a subquery).
 */
export function readSource(source: CompiledSource, plan: AccessPlan, env: Env): Promise<SourceRow[]> | AsyncIterable<SourceRow[]> {
  const tx = env.context.transaction;
  switch (source.kind) {
    case 'expression':
      return source.query ? queryRows(source.query(env)) : Promise.resolve(expressionRows(source.expression!(env)));
    case 'catalog':
      return tx.scan(CATALOG_TABLE_NAME).then((documents) => documents.map(documentRow));
    case 'committed':
      return committedRows(source, plan, env);
    case 'history':
      return historyRows(source, plan, env);
    default:
      return tableRows(source, plan, env);
  }
}

function tableRows(source: CompiledSource, plan: AccessPlan, env: Env): Promise<SourceRow[]> | AsyncIterable<SourceRow[]> {
  const tx = env.context.transaction;
  if (plan.kind === 'id') return Promise.all(candidateIds(plan.candidate, env).map((id) => tx.get(source.table, id))).then(foundRows);
  if (plan.kind === 'equal') {
    const values = candidateValues(plan.candidate.values, plan.candidate.collection, env);
    if (values.every((value) => isAbsent(value) || isOrdered(value as IonValue))) return equalRows(source.table, plan.candidate.path, values, env);
  }
  if (plan.kind === 'range') {
    const range = rangeOf(plan.bounds, env);
    return range ? tx.findInRange(source.table, plan.path, range).then((documents) => documents.map(documentRow)) : Promise.resolve([]);
  }
  return scannedRows(source.table, env);
}

async function* scannedRows(table: string, env: Env): AsyncGenerator<SourceRow[]> {
  for await (const page of env.context.transaction.scanPages(table)) yield page.map(documentRow);
}

function foundRows(documents: Array<LedgerDocument | undefined>): SourceRow[] {
  return documents.filter((document): document is LedgerDocument => document !== undefined).map(documentRow);
}

async function committedRows(source: CompiledSource, plan: AccessPlan, env: Env): Promise<SourceRow[]> {
  const rows: SourceRow[] = [];
  for (const id of plan.kind === 'id' ? candidateIds(plan.candidate, env) : [undefined]) {
    for (const revision of await env.context.transaction.committedRevisions(source.table, id)) rows.push(revisionRow(revision));
  }
  return rows;
}

/** Documents whose indexed value equals one of `values`. */
function equalRows(table: string, path: string[], values: PartiqlValue[], env: Env): Promise<SourceRow[]> {
  if (values.length === 1 && !isAbsent(values[0])) {
    const bound = { value: unwrap(values[0]) as IonValue, inclusive: true };
    return env.context.transaction.findInRange(table, path, { lower: bound, upper: bound }).then((documents) => documents.map(documentRow));
  }
  return equalRowsOfMany(table, path, values, env);
}

/** Documents equal to any of several values, each read once. */
async function equalRowsOfMany(table: string, path: string[], values: PartiqlValue[], env: Env): Promise<SourceRow[]> {
  const seen = new Set<string>();
  const rows: SourceRow[] = [];
  for (const value of values) {
    if (isAbsent(value)) continue;
    const bound = { value: unwrap(value) as IonValue, inclusive: true };
    for (const document of await env.context.transaction.findInRange(table, path, { lower: bound, upper: bound })) {
      if (seen.has(document.documentId)) continue;
      seen.add(document.documentId);
      rows.push(documentRow(document));
    }
  }
  return rows;
}

/** The range the bounds allow together; undefined when they allow nothing (a bound NULL, unordered, or of two families). */
function rangeOf(bounds: Array<{ side: 'lower' | 'upper'; inclusive: boolean; value: Evaluate }>, env: Env): IndexRange | undefined {
  let lower: Bound | undefined;
  let upper: Bound | undefined;
  for (const bound of bounds) {
    const value = unwrap(bound.value(env));
    const key = isAbsent(value) ? undefined : ionOrderKey(value as IonValue);
    if (!key) return undefined;
    const candidate = { value: value as IonValue, key, inclusive: bound.inclusive };
    if (bound.side === 'lower') lower = tighter(lower, candidate, 1);
    else upper = tighter(upper, candidate, -1);
  }
  if (lower && upper && lower.key[0] !== upper.key[0]) return undefined;
  return { ...(lower ? { lower: { value: lower.value, inclusive: lower.inclusive } } : {}), ...(upper ? { upper: { value: upper.value, inclusive: upper.inclusive } } : {}) };
}

/** Of two bounds on one side, the one that allows less (`direction` 1 for lower bounds, -1 for upper). */
function tighter(current: Bound | undefined, candidate: Bound, direction: number): Bound {
  if (!current) return candidate;
  const order = compareBytes(candidate.key, current.key) * direction;
  if (order > 0 || (order === 0 && !candidate.inclusive)) return candidate;
  return current;
}

async function historyRows(source: CompiledSource, plan: AccessPlan, env: Env): Promise<SourceRow[]> {
  const from = historyTime(source.historyRange?.start, env);
  const to = historyTime(source.historyRange?.end, env);
  const rows: SourceRow[] = [];
  for (const documentId of plan.kind === 'id' ? candidateIds(plan.candidate, env) : [undefined]) {
    const filter = { ...(documentId !== undefined ? { documentId } : {}), ...(from ? { from } : {}), ...(to ? { to } : {}) };
    for (const revision of await env.context.transaction.history(source.table, filter)) rows.push(revisionRow(revision));
  }
  return rows;
}

function historyTime(evaluate: Evaluate | undefined, env: Env): Date | undefined {
  if (!evaluate) return undefined;
  const value = unwrap(evaluate(env));
  if (isAbsent(value)) return undefined;
  if (value instanceof Date) return value;
  if (value instanceof Timestamp) return value.getDate();
  throw new PartiqlTypeError('history', 'a timestamp for its start and end', value);
}

/** The distinct document ids a lookup asks for (values that are not strings name no document). */
function candidateIds(candidate: { values: Evaluate[]; collection?: Evaluate }, env: Env): string[] {
  const ids = new Set<string>();
  for (const value of candidateValues(candidate.values, candidate.collection, env)) {
    const id = textOf(value);
    if (id !== undefined) ids.add(id);
  }
  return [...ids];
}

function candidateValues(values: Evaluate[], collection: Evaluate | undefined, env: Env): PartiqlValue[] {
  const all = values.map((value) => value(env));
  if (!collection) return all;
  const items = collection(env);
  if (isAbsent(items)) return all;
  const elements = elementsOf(items);
  if (!elements) throw new PartiqlTypeError('IN', 'a list, bag or subquery', items);
  return [...all, ...elements];
}

/** A subquery's values as rows, a page at a time. */
async function* queryRows(values: AsyncIterable<PartiqlValue>): AsyncGenerator<SourceRow[]> {
  const page: SourceRow[] = [];
  for await (const value of values) {
    page.push({ value: toStored(value) });
    if (page.length === 1000) yield page.splice(0);
  }
  if (page.length) yield page;
}

function expressionRows(value: PartiqlValue): SourceRow[] {
  if (isAbsent(value)) return [];
  const elements = elementsOf(value);
  if (!elements) return [{ value }];
  const positioned = !(unwrap(value) instanceof Bag);
  return elements.map((element, position) => (positioned ? { value: element, position } : { value: element }));
}

function documentRow(document: LedgerDocument): SourceRow {
  return { value: document.data, id: document.documentId };
}

function revisionRow(revision: Revision): SourceRow {
  return { value: revision as unknown as IonStructObject, id: revision.metadata?.id };
}

