// The expression evaluator: compiles each AST expression once into a closure over an environment,
// with names resolved to slots at compile time. It implements PartiQL's three-valued logic with
// MISSING and NULL: an operator given MISSING yields MISSING, given NULL yields NULL; comparisons
// between values that do not compare yield MISSING, so a WHERE never fails on a document whose
// field has another type. Subqueries become values their level computes before its expressions.
import type { IonValue } from '../ion';
import { AGGREGATE_FUNCTIONS } from './aggregates';
import type { BetweenExpr, BinaryExpr, BinaryOperator, CallExpr, CaseExpr, Expr, InExpr, LikeExpr, NameExpr, PathExpr, PathStep, SelectQuery, StructExpr } from './ast.types';
import { BUILTIN_FUNCTIONS } from './builtin-functions';
import { castTarget, castValue } from './cast';
import { PartiqlEvaluationError, PartiqlLimitError, PartiqlSemanticError, PartiqlTypeError } from './errors';
import { LikePattern } from './like-pattern';
import { arithmetic, negate, numericKind, type ArithmeticOperator } from './numeric';
import {
  Bag,
  copyValue,
  elementsOf,
  fieldOf,
  fieldsOf,
  isAbsent,
  isImmutable,
  isMissing,
  makeList,
  makeStruct,
  MISSING,
  textOf,
  toStored,
  unwrap,
  type PartiqlValue,
} from './partiql-value';
import { countStep, envAt, type Env, type Scope, type Usage } from './scope';
import { compareScalars, valuesEqual } from './value-compare';
import { weighed } from './value-size';

export type Evaluate = (env: Env) => PartiqlValue;

/** How a subquery's result is used: as a bag, as the collection of IN, or as one value. */
export type SubqueryUse = 'bag' | 'collection' | 'scalar';

/** Compiles a subquery into what yields its values for an environment of the enclosing scope. */
export type SubqueryCompiler = (query: SelectQuery, scope: Scope, use: SubqueryUse) => (env: Env) => AsyncIterable<PartiqlValue>;

type Truth = boolean | null | typeof MISSING;

interface Tracker {
  scope: Scope;
  usage: Usage;
}

export class ExpressionCompiler {
  private readonly trackers: Tracker[] = [];

  constructor(private readonly compileSubquery: SubqueryCompiler) {}

  /** Compiles `expr` in `scope`, and reports what it reads. */
  compileTracked(expr: Expr, scope: Scope): { evaluate: Evaluate; usage: Usage } {
    const tracker: Tracker = { scope, usage: { slots: new Set(), implicit: false, outer: false, subquery: false, aggregate: false } };
    this.trackers.push(tracker);
    try {
      return { evaluate: this.compile(expr, scope), usage: tracker.usage };
    } finally {
      this.trackers.pop();
    }
  }

  compile(expr: Expr, scope: Scope): Evaluate {
    switch (expr.kind) {
      case 'literal': {
        const value = expr.value;
        return isImmutable(value) ? () => value : () => copyValue(value);
      }
      case 'missing':
        return () => MISSING;
      case 'parameter': {
        const index = expr.index;
        return (env) => env.context.parameters[index];
      }
      case 'name':
        return this.name(expr, scope);
      case 'path':
        return this.path(expr, scope);
      case 'unary':
        return this.unary(expr.operator, this.compile(expr.operand, scope));
      case 'binary':
        return this.binary(expr, scope);
      case 'is':
        return this.is(expr.test, expr.negated, this.compile(expr.operand, scope));
      case 'in':
        return this.in(expr, scope);
      case 'between':
        return this.between(expr, scope);
      case 'like':
        return this.like(expr, scope);
      case 'call':
        return this.call(expr, scope);
      case 'cast':
        return this.cast(expr.type, this.compile(expr.operand, scope), expr);
      case 'case':
        return this.caseOf(expr, scope);
      case 'struct':
        return this.struct(expr, scope);
      case 'list': {
        const items = expr.items.map((item) => this.compile(item, scope));
        if (expr.bag) return (env) => bagOf(items.map((item) => item(env)));
        return (env) => makeList(items.map((item) => item(env)));
      }
      case 'subquery':
        return this.subquery(expr.query, scope, 'bag');
    }
  }

  // --- names and paths -----------------------------------------------------------------------------

  private name(expr: NameExpr, scope: Scope): Evaluate {
    for (let current: Scope | undefined = scope, depth = 0; current; current = current.parent, depth++) {
      const slot = current.names.get(expr.name);
      if (slot === undefined) continue;
      this.record(current, slot);
      if (depth === 0) return (env) => env.slots[slot];
      return (env) => envAt(env, depth).slots[slot];
    }
    if (expr.variable) throw new PartiqlSemanticError(`unknown variable @${expr.name} at line ${expr.position.line}, column ${expr.position.column}`, expr.name);
    return this.implicitField(expr, scope);
  }

  /** A name no alias binds: a field of the nearest query level's FROM sources. */
  private implicitField(expr: NameExpr, scope: Scope): Evaluate {
    const name = expr.name;
    for (let current: Scope | undefined = scope, depth = 0; current; current = current.parent, depth++) {
      if (!current.sourceSlots.length) continue;
      this.record(current, undefined);
      const slots = [...current.sourceSlots];
      const levels = depth;
      if (slots.length === 1) return (env) => fieldOf(envAt(env, levels).slots[slots[0]], name);
      return (env) => {
        const values = envAt(env, levels).slots;
        for (const slot of slots) {
          const field = fieldOf(values[slot], name);
          if (!isMissing(field)) return field;
        }
        return MISSING;
      };
    }
    throw new PartiqlSemanticError(
      `unknown name ${name} at line ${expr.position.line}, column ${expr.position.column}: no FROM alias or source field is in scope (quote a string with ')`,
      name,
    );
  }

  /** Notes a read of `slot` (undefined: a field of the sources) of `owner` in every open tracker. */
  private record(owner: Scope, slot: number | undefined): void {
    for (const { scope, usage } of this.trackers) {
      if (owner === scope) {
        if (slot === undefined) usage.implicit = true;
        else usage.slots.add(slot);
      } else if (owner.level < scope.level) usage.outer = true;
    }
  }

  private path(expr: PathExpr, scope: Scope): Evaluate {
    const root = this.compile(expr.root, scope);
    const firstWildcard = expr.steps.findIndex((step) => step.kind === 'allElements' || step.kind === 'allFields');
    if (firstWildcard < 0) {
      const single = expr.steps.map((step) => this.singleStep(step, scope));
      return (env) => {
        let value = root(env);
        for (const step of single) value = step(value, env);
        return value;
      };
    }
    const steps = expr.steps.map((step) => this.step(step, scope));
    return (env) => {
      let values: PartiqlValue[] = [root(env)];
      for (const step of steps) values = values.flatMap((value) => step(value, env));
      return bagOf(values);
    };
  }

  /** A field or index step: the one value it leads to from `value` (MISSING when there is none). */
  private singleStep(step: PathStep, scope: Scope): (value: PartiqlValue, env: Env) => PartiqlValue {
    if (step.kind === 'field') {
      const name = step.name;
      return (value) => fieldOf(value, name);
    }
    const index = this.compile((step as { index: Expr }).index, scope);
    return (value, env) => indexInto(value, index(env));
  }

  /** One path step: the values it leads to from `value` (none for MISSING). */
  private step(step: PathStep, scope: Scope): (value: PartiqlValue, env: Env) => PartiqlValue[] {
    switch (step.kind) {
      case 'field': {
        const name = step.name;
        return (value) => [fieldOf(value, name)];
      }
      case 'index': {
        const index = this.compile(step.index, scope);
        return (value, env) => [indexInto(value, index(env))];
      }
      case 'allElements':
        return (value) => [...(elementsOf(value) ?? (isMissing(value) ? [] : [value]))];
      case 'allFields':
        return (value) => fieldsOf(value)?.map(([, field]) => field) ?? (isMissing(value) ? [] : [value]);
    }
  }

  // --- operators -----------------------------------------------------------------------------------

  private unary(operator: '-' | '+' | 'NOT', operand: Evaluate): Evaluate {
    if (operator === 'NOT') return (env) => not(truth('NOT', operand(env)));
    return (env) => {
      const value = operand(env);
      if (isAbsent(value)) return isMissing(value) ? MISSING : null;
      if (operator === '-') return negate(value);
      if (!numericKind(value)) throw new PartiqlTypeError('unary +', 'a number', value);
      return value;
    };
  }

  /**
   * A binary operator, or a chain of them down the left (`a + b - c`, `x = 1 OR x = 2 OR …`): the
   * operands compiled from the left and folded in a loop, so a chain of any length costs no stack.
   */
  private binary(expr: BinaryExpr, scope: Scope): Evaluate {
    const spine: BinaryExpr[] = [];
    let leftmost: Expr = expr;
    for (; leftmost.kind === 'binary'; leftmost = leftmost.left) spine.push(leftmost);
    spine.reverse();
    const first = this.operand(leftmost, spine[0].operator, scope);
    const steps = spine.map((node) => ({ apply: binaryOperation(node.operator), right: this.operand(node.right, node.operator, scope) }));
    if (steps.length === 1) {
      const [{ apply, right }] = steps;
      return (env) => apply(first(env), right(env));
    }
    return (env) => {
      let value = first(env);
      for (const { apply, right } of steps) {
        countStep(env.context);
        value = apply(value, right(env));
      }
      return value;
    };
  }

  /** An operand of `operator`: a subquery compared with `=`, `<` … is one value. */
  private operand(expr: Expr, operator: BinaryOperator, scope: Scope): Evaluate {
    return COMPARISONS.has(operator) && expr.kind === 'subquery' ? this.subquery(expr.query, scope, 'scalar') : this.compile(expr, scope);
  }

  private is(test: 'NULL' | 'MISSING', negated: boolean, operand: Evaluate): Evaluate {
    const check = test === 'MISSING' ? isMissing : isAbsent;
    return (env) => check(operand(env)) !== negated;
  }

  private in(expr: InExpr, scope: Scope): Evaluate {
    const operand = this.compile(expr.operand, scope);
    const collection = Array.isArray(expr.items) ? undefined : this.inCollection(expr.items, scope);
    const items = Array.isArray(expr.items) ? expr.items.map((item) => this.compile(item, scope)) : [];
    return (env) => {
      const value = operand(env);
      const candidates = collection ? collectionItems(collection(env)) : items.map((item) => item(env));
      const found = candidates === undefined ? null : membership(value, candidates);
      return expr.negated ? not(found) : found;
    };
  }

  private inCollection(items: Expr, scope: Scope): Evaluate {
    return items.kind === 'subquery' ? this.subquery(items.query, scope, 'collection') : this.compile(items, scope);
  }

  private between(expr: BetweenExpr, scope: Scope): Evaluate {
    const operand = this.compile(expr.operand, scope);
    const low = this.compile(expr.low, scope);
    const high = this.compile(expr.high, scope);
    return (env) => {
      const value = operand(env);
      const result = and(compare('>=', value, low(env)), compare('<=', value, high(env)));
      return expr.negated ? not(result) : result;
    };
  }

  private like(expr: LikeExpr, scope: Scope): Evaluate {
    const operand = this.compile(expr.operand, scope);
    const pattern = this.compile(expr.pattern, scope);
    const escape = expr.escape && this.compile(expr.escape, scope);
    const compiled = new Map<string, LikePattern>();
    return (env) => {
      const value = operand(env);
      const patternValue = pattern(env);
      const escapeValue = escape ? escape(env) : undefined;
      if (isMissing(value) || isMissing(patternValue) || (escapeValue !== undefined && isMissing(escapeValue))) return MISSING;
      if (isAbsent(value) || isAbsent(patternValue) || (escapeValue !== undefined && isAbsent(escapeValue))) return null;
      const text = textOf(value);
      if (text === undefined) return MISSING;
      const result = likePattern(compiled, patternValue, escapeValue).matches(text, () => env.context.transaction.checkTime());
      return expr.negated ? !result : result;
    };
  }

  // --- calls ---------------------------------------------------------------------------------------

  private call(expr: CallExpr, scope: Scope): Evaluate {
    if (AGGREGATE_FUNCTIONS.has(expr.name)) return this.aggregate(expr, scope);
    if (expr.name === 'EXISTS' && expr.args.length === 1 && expr.args[0].kind === 'subquery') {
      const rows = this.subquery(expr.args[0].query, scope, 'bag');
      return (env) => (elementsOf(rows(env))?.length ?? 0) > 0;
    }
    const fn = BUILTIN_FUNCTIONS.get(expr.name);
    if (!fn) {
      const where = `line ${expr.position.line}, column ${expr.position.column}`;
      if (expr.name === 'HISTORY') throw new PartiqlSemanticError(`history() is a source: use it in FROM (${where})`, expr.name);
      throw new PartiqlSemanticError(`unknown function ${expr.name} at ${where}`, expr.name);
    }
    if (expr.star || expr.distinct || expr.args.length < fn.minArgs || expr.args.length > fn.maxArgs) {
      const arity = fn.minArgs === fn.maxArgs ? `${fn.minArgs}` : fn.maxArgs === Infinity ? `at least ${fn.minArgs}` : `${fn.minArgs} to ${fn.maxArgs}`;
      throw new PartiqlSemanticError(`${expr.name} takes ${arity} argument${arity === '1' ? '' : 's'} (line ${expr.position.line}, column ${expr.position.column})`, expr.name);
    }
    const args = expr.args.map((arg) => this.compile(arg, scope));
    return (env) => {
      const values = args.map((arg) => arg(env));
      if (fn.absentIsNull && values.some(isAbsent)) return null;
      return fn.call(values, env.context);
    };
  }

  private aggregate(expr: CallExpr, scope: Scope): Evaluate {
    const where = `line ${expr.position.line}, column ${expr.position.column}`;
    const aggregates = scope.aggregates;
    if (!aggregates) throw new PartiqlSemanticError(`${expr.name} is an aggregate: use it in a SELECT list, HAVING or ORDER BY (${where})`, expr.name);
    if (expr.star ? expr.name !== 'COUNT' || expr.args.length > 0 : expr.args.length !== 1) {
      throw new PartiqlSemanticError(`${expr.name} takes one argument${expr.name === 'COUNT' ? ' or *' : ''} (${where})`, expr.name);
    }
    scope.aggregates = undefined;
    try {
      const argument = expr.star ? undefined : this.compile(expr.args[0], scope);
      const index = aggregates.push({ name: expr.name, distinct: expr.distinct, ...(argument ? { argument } : {}) }) - 1;
      for (const { usage } of this.trackers) usage.aggregate = true;
      return (env) => env.aggregates[index];
    } finally {
      scope.aggregates = aggregates;
    }
  }

  private cast(type: string, operand: Evaluate, expr: Expr): Evaluate {
    const target = castTarget(type);
    if (!target) throw new PartiqlSemanticError(`unknown type ${type} in CAST at line ${expr.position.line}, column ${expr.position.column}`, type);
    return (env) => castValue(operand(env), target);
  }

  private caseOf(expr: CaseExpr, scope: Scope): Evaluate {
    const operand = expr.operand && this.compile(expr.operand, scope);
    const whens = expr.whens.map(({ when, then }) => ({ when: this.compile(when, scope), then: this.compile(then, scope) }));
    const otherwise = expr.otherwise ? this.compile(expr.otherwise, scope) : () => null;
    return (env) => {
      const subject = operand?.(env);
      for (const { when, then } of whens) {
        const test = when(env);
        const hit = subject === undefined ? test === true : !isAbsent(subject) && !isAbsent(test) && valuesEqual(subject, test);
        if (hit) return then(env);
      }
      return otherwise(env);
    };
  }

  private struct(expr: StructExpr, scope: Scope): Evaluate {
    const fields = expr.fields.map(({ key, value }) => ({ key: this.compile(key, scope), value: this.compile(value, scope) }));
    return (env) => {
      const entries: Array<[string, PartiqlValue]> = [];
      for (const field of fields) {
        const key = field.key(env);
        const name = textOf(key);
        if (name === undefined) {
          if (isMissing(key)) continue;
          throw new PartiqlTypeError('a struct field name', 'a string or symbol', key);
        }
        entries.push([name, field.value(env)]);
      }
      return makeStruct(entries);
    };
  }

  private subquery(query: SelectQuery, scope: Scope, use: SubqueryUse): Evaluate {
    for (const { usage } of this.trackers) usage.subquery = true;
    const tracker: Tracker = { scope, usage: { slots: new Set(), implicit: false, outer: false, subquery: false, aggregate: false } };
    this.trackers.push(tracker);
    let rows: (env: Env) => AsyncIterable<PartiqlValue>;
    try {
      rows = this.compileSubquery(query, scope, use);
    } finally {
      this.trackers.pop();
    }
    const correlated = tracker.usage.slots.size > 0 || tracker.usage.implicit || tracker.usage.outer;
    const index = scope.subqueries.length;
    const key = {};
    scope.subqueries.push(async (env) => {
      if (!correlated && env.context.cache.has(key)) return env.context.cache.get(key) as PartiqlValue;
      const value = subqueryValue(await collect(rows(env)), use);
      if (!correlated) env.context.cache.set(key, value);
      return value;
    });
    return (env) => env.subqueries[index];
  }
}

// --- helpers ---------------------------------------------------------------------------------------

/** The longest text `||` builds (UTF-16 code units). */
const MAX_TEXT_LENGTH = 2 ** 24;

const COMPARISONS: ReadonlySet<BinaryOperator> = new Set(['=', '<>', '<', '<=', '>', '>=']);

/** What a binary operator computes from its operands' values. */
function binaryOperation(operator: BinaryOperator): (a: PartiqlValue, b: PartiqlValue) => PartiqlValue {
  switch (operator) {
    case 'AND':
      return (a, b) => and(truth('AND', a), truth('AND', b));
    case 'OR':
      return (a, b) => or(truth('OR', a), truth('OR', b));
    case '||':
      return (a, b) => absentOr(a, b, concat);
    case '=':
      return (a, b) => absentOr(a, b, valuesEqual);
    case '<>':
      return (a, b) => absentOr(a, b, (x, y) => !valuesEqual(x, y));
    case '<':
    case '<=':
    case '>':
    case '>=': {
      const comparison = operator;
      return (a, b) => compare(comparison, a, b);
    }
    default: {
      const arithmeticOperator: ArithmeticOperator = operator;
      return (a, b) => absentOr(a, b, (x, y) => arithmetic(arithmeticOperator, x, y));
    }
  }
}

async function collect(values: AsyncIterable<PartiqlValue>): Promise<PartiqlValue[]> {
  const all: PartiqlValue[] = [];
  for await (const value of values) all.push(value);
  return all;
}

function subqueryValue(values: PartiqlValue[], use: SubqueryUse): PartiqlValue {
  if (use !== 'scalar') return bagOf(values);
  if (values.length > 1) throw new PartiqlEvaluationError(`a subquery used as one value returned ${values.length} rows`, values.length);
  return values.length ? values[0] : null;
}

/** A bag of values (weighed: see value-size.ts). */
function bagOf(values: PartiqlValue[]): Bag {
  const items = storedItems(values);
  return weighed(new Bag(items), items);
}

/** Values as bag or list items: bags become lists, MISSING is dropped. */
function storedItems(values: PartiqlValue[]): IonValue[] {
  const items: IonValue[] = [];
  for (const value of values) {
    const stored = toStored(value);
    if (!isMissing(stored)) items.push(stored);
  }
  return items;
}

function indexInto(value: PartiqlValue, index: PartiqlValue): PartiqlValue {
  const name = textOf(index);
  if (name !== undefined) return fieldOf(value, name);
  const inner = unwrap(value);
  const position = unwrap(index);
  if (inner instanceof Bag || typeof position !== 'number' || !Number.isInteger(position)) return MISSING;
  const items = elementsOf(inner);
  return items && position >= 0 && position < items.length ? items[position] : MISSING;
}

/** A value as a truth value for AND, OR and NOT; anything else is a type error. */
function truth(operator: string, value: PartiqlValue): Truth {
  const inner = unwrap(value);
  if (typeof inner === 'boolean') return inner;
  if (isMissing(inner)) return MISSING;
  if (isAbsent(inner)) return null;
  throw new PartiqlTypeError(operator, 'a boolean', value);
}

function not(value: Truth): Truth {
  return typeof value === 'boolean' ? !value : value;
}

function and(a: Truth, b: Truth): Truth {
  if (a === false || b === false) return false;
  if (a === true && b === true) return true;
  return a === MISSING || b === MISSING ? MISSING : null;
}

function or(a: Truth, b: Truth): Truth {
  if (a === true || b === true) return true;
  if (a === false && b === false) return false;
  return a === MISSING || b === MISSING ? MISSING : null;
}

/** MISSING if either is MISSING, else NULL if either is null, else `operation(a, b)`. */
function absentOr(a: PartiqlValue, b: PartiqlValue, operation: (a: PartiqlValue, b: PartiqlValue) => PartiqlValue): PartiqlValue {
  if (isMissing(a) || isMissing(b)) return MISSING;
  if (isAbsent(a) || isAbsent(b)) return null;
  return operation(a, b);
}

function compare(operator: '<' | '<=' | '>' | '>=', a: PartiqlValue, b: PartiqlValue): Truth {
  return absentOr(a, b, (x, y) => {
    const order = compareScalars(x, y);
    if (order === undefined) return MISSING;
    return operator === '<' ? order < 0 : operator === '<=' ? order <= 0 : operator === '>' ? order > 0 : order >= 0;
  }) as Truth;
}

function concat(a: PartiqlValue, b: PartiqlValue): string {
  const left = textOf(a);
  const right = textOf(b);
  if (left === undefined) throw new PartiqlTypeError('operator ||', 'strings or symbols', a);
  if (right === undefined) throw new PartiqlTypeError('operator ||', 'strings or symbols', b);
  if (left.length + right.length > MAX_TEXT_LENGTH) throw new PartiqlLimitError('textLength', MAX_TEXT_LENGTH, `a text of ${left.length + right.length} characters`);
  return left + right;
}

/** The items of an IN collection; undefined (an unknown result) for NULL or MISSING. */
function collectionItems(value: PartiqlValue): readonly PartiqlValue[] | undefined {
  const items = elementsOf(value);
  if (items) return items;
  if (isAbsent(value)) return undefined;
  throw new PartiqlTypeError('IN', 'a list, bag or subquery', value);
}

/** x IN items: true when one equals x, NULL when none does but some compare unknown, else false. */
function membership(value: PartiqlValue, items: readonly PartiqlValue[]): Truth {
  if (isMissing(value)) return MISSING;
  if (isAbsent(value)) return null;
  let unknown = false;
  for (const item of items) {
    if (isAbsent(item)) unknown = true;
    else if (valuesEqual(value, item)) return true;
  }
  return unknown ? null : false;
}

function likePattern(cache: Map<string, LikePattern>, pattern: PartiqlValue, escape: PartiqlValue | undefined): LikePattern {
  const text = textOf(pattern);
  if (text === undefined) throw new PartiqlTypeError('LIKE', 'a string pattern', pattern);
  const escapeText = escape === undefined ? undefined : textOf(escape);
  if (escape !== undefined && escapeText === undefined) throw new PartiqlTypeError('LIKE ESCAPE', 'a string', escape);
  const key = `${escapeText ?? ''}\u0000${text}`;
  let compiled = cache.get(key);
  if (!compiled) {
    if (cache.size > 100) cache.clear();
    compiled = LikePattern.compile(text, escapeText);
    cache.set(key, compiled);
  }
  return compiled;
}

