// Compiles a SELECT (and the single-table source of DML) into a CompiledSelect: resolves each FROM
// item to a table, a committed view, history(), information_schema.user_tables or an expression;
// splits WHERE into conjuncts, places each at the first join level where it can be checked, and
// records which of them allow a lookup by document id or through an index on a source.
import { AGGREGATE_FUNCTIONS } from './aggregates';
import type { Expr, FromSource, NameExpr, OrderItem, Projection, SelectQuery } from './ast.types';
import type { AccessCandidate, CompiledSelect, CompiledSource, Grouping, OrderKey, SourceKind } from './compiled-query.types';
import { PartiqlSemanticError } from './errors';
import { ExpressionCompiler, type Evaluate, type SubqueryUse } from './evaluator';
import { fieldOf, fieldsOf, isMissing, isStruct, makeStruct, type PartiqlValue } from './partiql-value';
import { runSelect } from './query-executor';
import { Scope, type Env, type Usage } from './scope';

const COMMITTED_PREFIX = '_ql_committed_';
const RANGE_SIDES: Readonly<Record<string, { side: 'lower' | 'upper'; inclusive: boolean }>> = {
  '<': { side: 'upper', inclusive: false },
  '<=': { side: 'upper', inclusive: true },
  '>': { side: 'lower', inclusive: false },
  '>=': { side: 'lower', inclusive: true },
};
const FLIPPED: Readonly<Record<string, string>> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '=': '=' };

/** Where a predicate points inside a source: its document id, or a path of fields. */
type Target = { kind: 'id' } | { kind: 'path'; path: string[] };

export interface CompileOptions {
  /** Give every table source a slot for its document id even without BY (DML needs it). */
  idSlots?: boolean;
}

export class QueryCompiler {
  readonly expressions = new ExpressionCompiler((query, scope, use) => this.subquery(query, scope, use));

  compileSelect(query: SelectQuery, parent: Scope | undefined, options: CompileOptions = {}): CompiledSelect {
    const scope = new Scope(parent);
    const slotLevels = new Map<number, number>();
    const sources = query.from.map((from, level) => this.compileSource(from, level, scope, slotLevels, options));
    const conjuncts = [...splitAnd(query.where), ...query.from.flatMap((from) => (from.join === 'inner' ? splitAnd(from.on) : []))];
    const compiled: CompiledSelect = {
      scope,
      sources,
      filters: sources.map(() => []),
      lateFilters: [],
      project: () => null,
      distinct: query.distinct,
    };
    for (const conjunct of conjuncts) this.placeFilter(compiled, conjunct, slotLevels);
    sources.forEach((source, level) => {
      const own = query.from[level].join === 'left' ? splitAnd(query.from[level].on) : [];
      source.candidates = [...conjuncts, ...own].flatMap((conjunct) => this.candidates(conjunct, source, level, compiled, slotLevels));
    });
    this.compileOutput(query, compiled);
    return compiled;
  }

  // --- sources ---------------------------------------------------------------------------------------

  private compileSource(from: FromSource, level: number, scope: Scope, slotLevels: Map<number, number>, options: CompileOptions): CompiledSource {
    const source = this.sourceKind(from, scope);
    if (level === 0 && from.join !== 'first') throw new PartiqlSemanticError('the first FROM source cannot be a join', from.join);
    const alias = from.alias ?? defaultAlias(from.expr, source.kind, source.table);
    source.valueSlot = alias === undefined ? scope.addSlot() : scope.bind(alias);
    if (alias !== undefined) source.alias = alias;
    scope.sourceSlots.push(source.valueSlot);
    slotLevels.set(source.valueSlot, level);
    if (from.atAlias !== undefined) slotLevels.set((source.atSlot = scope.bind(from.atAlias)), level);
    if (from.byAlias !== undefined) slotLevels.set((source.bySlot = scope.bind(from.byAlias)), level);
    else if (options.idSlots && source.kind === 'table') slotLevels.set((source.bySlot = scope.addSlot()), level);
    if (from.join === 'left') {
      if (from.on && containsSubquery(from.on)) throw new PartiqlSemanticError('a LEFT JOIN condition cannot hold a subquery', 'LEFT JOIN');
      source.on = this.expressions.compile(from.on as Expr, scope);
    }
    return source;
  }

  /** What a FROM item reads: a table, a view of one, history(), the catalog, or an expression's value. */
  private sourceKind(from: FromSource, scope: Scope): CompiledSource {
    const expr = from.expr;
    const base = { valueSlot: -1, join: from.join, candidates: [] };
    if (expr.kind === 'name' && !expr.variable && !isBound(scope, expr.name)) {
      const committed = expr.name.startsWith(COMMITTED_PREFIX);
      const kind: SourceKind = committed ? 'committed' : 'table';
      return { ...base, kind, table: committed ? expr.name.slice(COMMITTED_PREFIX.length) : expr.name, label: expr.name };
    }
    if (isCatalogPath(expr, scope)) return { ...base, kind: 'catalog', table: 'information_schema.user_tables', label: 'information_schema.user_tables' };
    if (expr.kind === 'call' && expr.name === 'HISTORY') return { ...base, ...this.history(expr.args, scope, expr) };
    if (expr.kind === 'subquery') return { ...base, kind: 'expression', table: '', label: 'subquery', query: this.subquery(expr.query, scope, 'bag'), expressionCorrelated: true };
    if (containsSubquery(expr)) throw new PartiqlSemanticError('a subquery in FROM must be a whole source: FROM (SELECT …) AS alias', 'subquery');
    const { evaluate, usage } = this.expressions.compileTracked(expr, scope);
    return { ...base, kind: 'expression', table: '', label: 'expression', expression: evaluate, expressionCorrelated: dependsOnRows(usage) };
  }

  private history(args: Expr[], scope: Scope, call: Expr): Pick<CompiledSource, 'kind' | 'table' | 'label' | 'historyRange'> {
    const table = args[0];
    if (args.length < 1 || args.length > 3 || table.kind !== 'name' || table.variable) {
      const where = `line ${call.position.line}, column ${call.position.column}`;
      throw new PartiqlSemanticError(`history takes a table name and an optional start and end timestamp: history(table [, start [, end]]) (${where})`, 'history');
    }
    const [start, end] = args.slice(1).map((arg) => this.expressions.compile(arg, scope));
    return { kind: 'history', table: table.name, label: `history(${table.name})`, historyRange: { start, end } };
  }

  // --- filters and lookups -----------------------------------------------------------------------

  private placeFilter(compiled: CompiledSelect, conjunct: Expr, slotLevels: Map<number, number>): void {
    const { evaluate, usage } = this.expressions.compileTracked(conjunct, compiled.scope);
    if (usage.subquery) compiled.lateFilters.push(evaluate);
    else compiled.filters[filterLevel(usage, slotLevels, compiled.sources.length)].push(evaluate);
  }

  /** The lookups `conjunct` allows on the source at `level`. */
  private candidates(conjunct: Expr, source: CompiledSource, level: number, compiled: CompiledSelect, slotLevels: Map<number, number>): AccessCandidate[] {
    if (source.kind === 'expression' || source.kind === 'catalog') return [];
    const target = (expr: Expr) => this.target(expr, source, compiled);
    const value = (expr: Expr) => this.available(expr, compiled.scope, level, slotLevels);
    switch (conjunct.kind) {
      case 'binary':
        return this.comparisonCandidates(conjunct.operator, conjunct.left, conjunct.right, target, value);
      case 'in': {
        const where = target(conjunct.operand);
        if (conjunct.negated || !where) return [];
        const items = Array.isArray(conjunct.items) ? conjunct.items.map(value) : [];
        const collection = Array.isArray(conjunct.items) ? undefined : value(conjunct.items);
        if (items.some((item) => !item) || (!Array.isArray(conjunct.items) && !collection)) return [];
        const correlated = items.some((item) => item!.correlated) || collection?.correlated === true;
        const values = items.map((item) => item!.evaluate);
        const extra = collection ? { collection: collection.evaluate } : {};
        return [where.kind === 'id' ? { kind: 'id', values, ...extra, correlated } : { kind: 'equal', path: where.path, values, ...extra, correlated }];
      }
      case 'between': {
        const where = target(conjunct.operand);
        const low = value(conjunct.low);
        const high = value(conjunct.high);
        if (conjunct.negated || where?.kind !== 'path' || !low || !high) return [];
        return [
          { kind: 'bound', path: where.path, side: 'lower', inclusive: true, value: low.evaluate, correlated: low.correlated },
          { kind: 'bound', path: where.path, side: 'upper', inclusive: true, value: high.evaluate, correlated: high.correlated },
        ];
      }
      default:
        return [];
    }
  }

  private comparisonCandidates(
    operator: string,
    left: Expr,
    right: Expr,
    target: (expr: Expr) => Target | undefined,
    value: (expr: Expr) => { evaluate: Evaluate; correlated: boolean } | undefined,
  ): AccessCandidate[] {
    if (!(operator in FLIPPED)) return [];
    for (const [side, other, op] of [
      [left, right, operator],
      [right, left, FLIPPED[operator]],
    ] as const) {
      const where = target(side);
      const bound = where && value(other);
      if (!where || !bound) continue;
      if (op === '=') {
        return [where.kind === 'id' ? { kind: 'id', values: [bound.evaluate], correlated: bound.correlated } : { kind: 'equal', path: where.path, values: [bound.evaluate], correlated: bound.correlated }];
      }
      if (where.kind === 'path') return [{ kind: 'bound', path: where.path, ...RANGE_SIDES[op], value: bound.evaluate, correlated: bound.correlated }];
    }
    return [];
  }

  /** Where `expr` points in the source: its id, or a non-empty path of fields of its value. */
  private target(expr: Expr, source: CompiledSource, compiled: CompiledSelect): Target | undefined {
    const root = expr.kind === 'path' ? expr.root : expr;
    const steps = expr.kind === 'path' ? expr.steps : [];
    if (root.kind !== 'name' || !steps.every((step) => step.kind === 'field')) return undefined;
    const fields = steps.map((step) => (step.kind === 'field' ? step.name : ''));
    const slot = compiled.scope.names.get(root.name);
    let path: string[];
    if (slot !== undefined && slot === source.bySlot && !steps.length) return { kind: 'id' };
    if (slot !== undefined && slot === source.valueSlot) path = fields;
    else if (!root.variable && !isBound(compiled.scope, root.name) && compiled.sources.length === 1) path = [root.name, ...fields];
    else return undefined;
    if (source.kind === 'table') return path.length ? { kind: 'path', path } : undefined;
    return path.length === 2 && path[0] === 'metadata' && path[1] === 'id' ? { kind: 'id' } : undefined;
  }

  /** `expr` compiled, when it can be evaluated before the source at `level` is read. */
  private available(expr: Expr, scope: Scope, level: number, slotLevels: Map<number, number>): { evaluate: Evaluate; correlated: boolean } | undefined {
    if (containsSubquery(expr)) return undefined;
    const { evaluate, usage } = this.expressions.compileTracked(expr, scope);
    if (usage.implicit || usage.aggregate || [...usage.slots].some((slot) => (slotLevels.get(slot) ?? Infinity) >= level)) return undefined;
    return { evaluate, correlated: dependsOnRows(usage) };
  }

  // --- output --------------------------------------------------------------------------------------

  private compileOutput(query: SelectQuery, compiled: CompiledSelect): void {
    const scope = compiled.scope;
    if (query.groupBy || hasAggregate(query)) compiled.grouping = this.grouping(query, scope);
    if (compiled.grouping) scope.aggregates = compiled.grouping.aggregates;
    try {
      compiled.project = this.projection(query.projection, compiled);
      if (query.having) compiled.having = this.expressions.compile(query.having, scope);
      if (query.orderBy) compiled.order = query.orderBy.map((item) => this.orderKey(item, query.projection, scope));
    } finally {
      scope.aggregates = undefined;
    }
    if (query.limit) compiled.limit = this.expressions.compile(query.limit, scope);
    if (query.offset) compiled.offset = this.expressions.compile(query.offset, scope);
  }

  private grouping(query: SelectQuery, scope: Scope): Grouping {
    const keys = (query.groupBy ?? []).map(({ expr, alias }) => {
      const evaluate = this.expressions.compile(expr, scope);
      return alias === undefined ? { evaluate } : { evaluate, slot: scope.bind(alias) };
    });
    return { keys, aggregates: [] };
  }

  private projection(projection: Projection, compiled: CompiledSelect): Evaluate {
    const scope = compiled.scope;
    if (projection.kind === 'value') return this.expressions.compile(projection.expr, scope);
    if (projection.kind === 'star') return starProjection(compiled);
    const items = projection.items.map((item, i) => {
      const evaluate = this.expressions.compile(item.expr, scope);
      if (item.kind === 'allFields') return (env: Env, fields: Array<[string, PartiqlValue]>) => spreadFields(evaluate(env), `_${i + 1}`, fields);
      const name = item.alias ?? derivedName(item.expr, i);
      return (env: Env, fields: Array<[string, PartiqlValue]>) => void fields.push([name, evaluate(env)]);
    });
    return (env) => {
      const fields: Array<[string, PartiqlValue]> = [];
      for (const item of items) item(env, fields);
      return makeStruct(fields);
    };
  }

  private orderKey(item: OrderItem, projection: Projection, scope: Scope): OrderKey {
    const expr = item.expr;
    const aliases = projection.kind === 'items' ? projection.items.map((p, i) => (p.kind === 'expr' ? p.alias ?? derivedName(p.expr, i) : '')) : [];
    const byAlias = expr.kind === 'name' && !expr.variable && !isBound(scope, expr.name) && aliases.includes(expr.name);
    const name = (expr as NameExpr).name;
    const evaluate: Evaluate = byAlias ? (env) => fieldOf(env.projected ?? null, name) : this.expressions.compile(expr, scope);
    return { evaluate, descending: item.descending, nullsFirst: item.nullsFirst ?? item.descending };
  }

  private subquery(query: SelectQuery, scope: Scope, use: SubqueryUse): (env: Env) => AsyncIterable<PartiqlValue> {
    const projection = query.projection;
    const single = use !== 'bag' && projection.kind === 'items' && projection.items.length === 1 && projection.items[0].kind === 'expr';
    const coerced: SelectQuery = single ? { ...query, projection: { kind: 'value', expr: (projection.items[0] as { expr: Expr }).expr } } : query;
    const compiled = this.compileSelect(coerced, scope);
    return (env) => runSelect(compiled, env, env.context);
  }
}

// --- helpers ---------------------------------------------------------------------------------------

/** The conjuncts of an AND tree, from the left (walked with a stack of its own, as a chain may be long). */
function splitAnd(expr: Expr | undefined): Expr[] {
  const conjuncts: Expr[] = [];
  const pending = expr ? [expr] : [];
  for (let next = pending.pop(); next; next = pending.pop()) {
    if (next.kind === 'binary' && next.operator === 'AND') pending.push(next.right, next.left);
    else conjuncts.push(next);
  }
  return conjuncts;
}

function isBound(scope: Scope, name: string): boolean {
  for (let current: Scope | undefined = scope; current; current = current.parent) if (current.names.has(name)) return true;
  return false;
}

function isCatalogPath(expr: Expr, scope: Scope): boolean {
  return (
    expr.kind === 'path' &&
    expr.root.kind === 'name' &&
    !expr.root.variable &&
    expr.root.name === 'information_schema' &&
    !isBound(scope, 'information_schema') &&
    expr.steps.length === 1 &&
    expr.steps[0].kind === 'field' &&
    expr.steps[0].name === 'user_tables'
  );
}

/** A source's alias when none is written: the table, view or last field name. */
function defaultAlias(expr: Expr, kind: SourceKind, table: string): string | undefined {
  if (kind === 'table') return table;
  if (kind === 'catalog') return 'user_tables';
  if (kind === 'history') return undefined;
  if (expr.kind === 'name') return expr.name;
  if (expr.kind === 'path') {
    const last = expr.steps[expr.steps.length - 1];
    return last.kind === 'field' ? last.name : undefined;
  }
  return undefined;
}

function dependsOnRows(usage: Usage): boolean {
  return usage.slots.size > 0 || usage.implicit || usage.outer;
}

/** The join level after which a filter with `usage` can run: the last source it reads. */
function filterLevel(usage: Usage, slotLevels: Map<number, number>, sourceCount: number): number {
  if (usage.implicit) return sourceCount - 1;
  let level = 0;
  for (const slot of usage.slots) level = Math.max(level, slotLevels.get(slot) ?? sourceCount - 1);
  return level;
}

function containsSubquery(expr: Expr): boolean {
  return someNode(expr, (node) => node.kind === 'subquery');
}

/** Whether a query's SELECT list, HAVING or ORDER BY calls an aggregate (not counting subqueries). */
function hasAggregate(query: SelectQuery): boolean {
  const exprs: Expr[] = [
    ...(query.projection.kind === 'value' ? [query.projection.expr] : query.projection.kind === 'items' ? query.projection.items.map((i) => i.expr) : []),
    ...(query.having ? [query.having] : []),
    ...(query.orderBy ?? []).map((item) => item.expr),
  ];
  return exprs.some((expr) => someNode(expr, (node) => node.kind === 'call' && AGGREGATE_FUNCTIONS.has(node.name)));
}

/** Whether `test` holds for `expr` or a node below it, not looking into subqueries (a stack of its own, as chains may be long). */
function someNode(expr: Expr, test: (node: Expr) => boolean): boolean {
  const pending = [expr];
  for (let next = pending.pop(); next; next = pending.pop()) {
    if (test(next)) return true;
    for (const child of childrenOf(next)) pending.push(child);
  }
  return false;
}

function childrenOf(expr: Expr): Expr[] {
  switch (expr.kind) {
    case 'path':
      return [expr.root, ...expr.steps.flatMap((step) => (step.kind === 'index' ? [step.index] : []))];
    case 'unary':
      return [expr.operand];
    case 'binary':
      return [expr.left, expr.right];
    case 'is':
      return [expr.operand];
    case 'in':
      return [expr.operand, ...(Array.isArray(expr.items) ? expr.items : [expr.items])];
    case 'between':
      return [expr.operand, expr.low, expr.high];
    case 'like':
      return [expr.operand, expr.pattern, ...(expr.escape ? [expr.escape] : [])];
    case 'call':
      return expr.args;
    case 'cast':
      return [expr.operand];
    case 'case':
      return [...(expr.operand ? [expr.operand] : []), ...expr.whens.flatMap((w) => [w.when, w.then]), ...(expr.otherwise ? [expr.otherwise] : [])];
    case 'struct':
      return expr.fields.flatMap((f) => [f.key, f.value]);
    case 'list':
      return expr.items;
    default:
      return [];
  }
}

/** A projection item's name when it has no alias: a name's, a path's last field, or _n. */
function derivedName(expr: Expr, index: number): string {
  if (expr.kind === 'name') return expr.name;
  if (expr.kind === 'path') {
    const last = expr.steps[expr.steps.length - 1];
    if (last.kind === 'field') return last.name;
  }
  return `_${index + 1}`;
}

/** SELECT *: the fields of every source's value (a non-struct value under its alias). */
function starProjection(compiled: CompiledSelect): Evaluate {
  const sources = compiled.sources.map((source, i) => ({ slot: source.valueSlot, name: source.alias ?? `_${i + 1}` }));
  if (sources.length === 1) {
    const [{ slot, name }] = sources;
    return (env) => {
      const value = env.slots[slot];
      return isStruct(value) ? value : makeStruct([[name, value]]);
    };
  }
  return (env) => {
    const fields: Array<[string, PartiqlValue]> = [];
    for (const { slot, name } of sources) spreadFields(env.slots[slot], name, fields);
    return makeStruct(fields);
  };
}

function spreadFields(value: PartiqlValue, name: string, fields: Array<[string, PartiqlValue]>): void {
  const own = fieldsOf(value);
  if (own) for (const field of own) fields.push(field);
  else if (!isMissing(value)) fields.push([name, value]);
}
