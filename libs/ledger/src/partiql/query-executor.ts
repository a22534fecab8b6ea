// Runs a compiled SELECT as a pipeline of async generators: nested-loop joins over the planned
// sources (the first streamed page by page, later ones read once unless they depend on earlier
// rows), filters as soon as their sources are bound, then grouping and aggregates, HAVING, the
// projection, DISTINCT, ORDER BY, OFFSET and LIMIT. Without ORDER BY, DISTINCT or grouping,
// values are produced as rows are read, and LIMIT stops the reading.
import { newAggregator, type Aggregator } from './aggregates';
import type { CompiledSelect, CompiledSource } from './compiled-query.types';
import { PartiqlTypeError } from './errors';
import type { Evaluate } from './evaluator';
import { isAbsent, isMissing, MISSING, unwrap, type PartiqlValue } from './partiql-value';
import { isCorrelated, planSource, type AccessPlan } from './planner';
import { countStep, type Env, type RuntimeContext } from './scope';
import { readSource, type SourceRow } from './source-reader';
import { groupKey, totalOrder } from './value-compare';

interface Group {
  env: Env;
  aggregators: Aggregator[];
}

/** The values of `query` run inside the row `parent` of its enclosing query (undefined at the top). */
export async function* runSelect(query: CompiledSelect, parent: Env | undefined, context: RuntimeContext): AsyncGenerator<PartiqlValue> {
  const env = query.scope.newEnv(parent, context);
  const offset = count(query.offset, env, 'OFFSET') ?? 0;
  const limit = count(query.limit, env, 'LIMIT') ?? Infinity;
  if (limit === 0) return;
  const rows = query.grouping ? groups(query, env) : bindings(query, env);
  if (!query.order && !query.distinct) {
    let skipped = 0;
    let produced = 0;
    for await (const row of rows) {
      const value = query.project(row);
      if (isMissing(value) || skipped++ < offset) continue;
      yield value;
      if (++produced >= limit) return;
    }
    return;
  }
  const values = await collected(query, rows, context);
  yield* values.slice(offset, offset + limit);
}

/**
 * All values of a top-level `query`. The common shape (one source, filtered and projected) is read
 * straight from its rows, with no generator between them and the values.
 */
export async function collectSelect(query: CompiledSelect, context: RuntimeContext): Promise<PartiqlValue[]> {
  const values: PartiqlValue[] = [];
  if (query.order || query.distinct || query.grouping || query.limit || query.offset || query.sources.length > 1 || query.scope.subqueries.length) {
    for await (const value of runSelect(query, undefined, context)) values.push(value);
    return values;
  }
  const [source] = query.sources;
  const env = query.scope.newEnv(undefined, context);
  const take = (rows: SourceRow[]) => {
    for (const row of rows) {
      countStep(context);
      bind(source, env, row);
      if (!passes(query.filters[0], env) || !passes(query.lateFilters, env)) continue;
      const value = query.project(env);
      if (!isMissing(value)) values.push(value);
    }
  };
  const read = readSource(source, planOf(source, env), env);
  if (read instanceof Promise) take(await read);
  else for await (const rows of read) take(rows);
  return values;
}

/** Every row the FROM clause and WHERE produce, as `env` filled in (the same object each time). */
export async function* bindings(query: CompiledSelect, env: Env, level = 0): AsyncGenerator<Env> {
  const source = query.sources[level];
  const last = level === query.sources.length - 1;
  const read = sourceRows(query, source, level, env);
  let matched = false;
  for await (const rows of read instanceof Promise ? [await read] : read) {
    for (const row of rows) {
      countStep(env.context);
      bind(source, env, row);
      if (source.on && source.on(env) !== true) continue;
      matched = true;
      if (!passes(query.filters[level], env)) continue;
      if (!last) yield* bindings(query, env, level + 1);
      else if (query.scope.subqueries.length ? await passesLate(query, env) : passes(query.lateFilters, env)) yield env;
    }
  }
  if (source.join === 'left' && !matched) {
    bind(source, env, { value: null });
    if (!passes(query.filters[level], env)) return;
    if (!last) yield* bindings(query, env, level + 1);
    else if (await passesLate(query, env)) yield env;
  }
}

/** The plan a source runs under: its table's definition decides which indexes there are. */
export function planOf(source: CompiledSource, env: Env): AccessPlan {
  const definition = source.kind === 'table' ? env.context.transaction.tableDefinition(source.table) : undefined;
  return planSource(source, definition);
}

/**
 * A source's rows. Rows that do not depend on earlier sources' rows are read once per statement and
 * kept, unless they are the outermost query's first source: that one is read only once anyway, and
 * streamed a page at a time.
 */
function sourceRows(query: CompiledSelect, source: CompiledSource, level: number, env: Env): Promise<SourceRow[]> | AsyncIterable<SourceRow[]> {
  const plan = planOf(source, env);
  const streamed = level === 0 && query.scope.parent === undefined;
  if (streamed || isCorrelated(plan)) return readSource(source, plan, env);
  return cachedRows(source, plan, env);
}

async function cachedRows(source: CompiledSource, plan: AccessPlan, env: Env): Promise<SourceRow[]> {
  const cache = env.context.cache;
  let rows = cache.get(source) as SourceRow[] | undefined;
  if (!rows) {
    const read = readSource(source, plan, env);
    if (read instanceof Promise) rows = await read;
    else {
      rows = [];
      for await (const page of read) for (const row of page) rows.push(row);
    }
    cache.set(source, rows);
  }
  return rows;
}

function bind(source: CompiledSource, env: Env, row: SourceRow): void {
  env.slots[source.valueSlot] = row.value;
  if (source.atSlot !== undefined) env.slots[source.atSlot] = row.position ?? MISSING;
  if (source.bySlot !== undefined) env.slots[source.bySlot] = row.id ?? MISSING;
}

function passes(filters: Evaluate[], env: Env): boolean {
  for (const filter of filters) if (filter(env) !== true) return false;
  return true;
}

/** Runs the row's subqueries, then the filters that need them. */
async function passesLate(query: CompiledSelect, env: Env): Promise<boolean> {
  const subqueries = query.scope.subqueries;
  for (let i = 0; i < subqueries.length; i++) env.subqueries[i] = await subqueries[i](env);
  return passes(query.lateFilters, env);
}

/** The groups of a grouped query, each as an environment with its aggregates' results. */
async function* groups(query: CompiledSelect, env: Env): AsyncGenerator<Env> {
  const grouping = query.grouping!;
  const found = new Map<string, Group>();
  for await (const row of bindings(query, env)) {
    const keys = grouping.keys.map((key) => key.evaluate(row));
    const id = keys.map((key) => groupKey(key)).join('\u0000');
    let group = found.get(id);
    if (!group) {
      group = { env: snapshot(row), aggregators: grouping.aggregates.map((spec) => newAggregator(spec.name, spec.distinct)) };
      grouping.keys.forEach((key, i) => key.slot !== undefined && (group!.env.slots[key.slot] = keys[i]));
      found.set(id, group);
    }
    grouping.aggregates.forEach((spec, i) => group!.aggregators[i].add(spec.argument ? spec.argument(row) : true));
  }
  if (found.size === 0 && grouping.keys.length === 0) {
    found.set('', { env: query.scope.newEnv(env.parent, env.context), aggregators: grouping.aggregates.map((spec) => newAggregator(spec.name, spec.distinct)) });
  }
  for (const group of found.values()) {
    group.env.aggregates = group.aggregators.map((aggregator) => aggregator.result());
    if (!query.having || query.having(group.env) === true) yield group.env;
  }
}

function snapshot(env: Env): Env {
  return { ...env, slots: [...env.slots], subqueries: [...env.subqueries], aggregates: [] };
}

/** All values, distinct and in order when the query asks. */
async function collected(query: CompiledSelect, rows: AsyncIterable<Env>, context: RuntimeContext): Promise<PartiqlValue[]> {
  const entries: Array<{ value: PartiqlValue; keys: PartiqlValue[] }> = [];
  const seen = new Set<string>();
  for await (const row of rows) {
    const value = query.project(row);
    if (isMissing(value)) continue;
    if (query.distinct) {
      const key = groupKey(value);
      if (seen.has(key)) continue;
      seen.add(key);
    }
    row.projected = value;
    entries.push({ value, keys: query.order ? query.order.map((key) => key.evaluate(row)) : [] });
  }
  if (query.order) {
    const order = query.order;
    entries.sort((a, b) => {
      countStep(context);
      for (let i = 0; i < order.length; i++) {
        const result = compareKey(a.keys[i], b.keys[i], order[i].descending, order[i].nullsFirst);
        if (result !== 0) return result;
      }
      return 0;
    });
  }
  return entries.map((entry) => entry.value);
}

function compareKey(a: PartiqlValue, b: PartiqlValue, descending: boolean, nullsFirst: boolean): number {
  const aAbsent = isAbsent(a);
  const bAbsent = isAbsent(b);
  if (aAbsent || bAbsent) return aAbsent === bAbsent ? 0 : aAbsent === nullsFirst ? -1 : 1;
  const order = totalOrder(a, b);
  return descending ? -order : order;
}

/** LIMIT or OFFSET: a non-negative integer. */
function count(evaluate: Evaluate | undefined, env: Env, clause: string): number | undefined {
  if (!evaluate) return undefined;
  const value = unwrap(evaluate(env));
  const number = typeof value === 'bigint' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isSafeInteger(number) || number < 0) throw new PartiqlTypeError(clause, 'a non-negative integer', value);
  return number;
}
