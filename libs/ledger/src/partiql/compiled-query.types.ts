// A SELECT compiled for running: its sources with the lookups the WHERE clause allows on each
// (the planner picks one per run, given the table's indexes), its filters placed at the first
// join level where they can be checked, its grouping, projection and ordering as closures.
import type { FromSource } from './ast.types';
import type { Evaluate } from './evaluator';
import type { PartiqlValue } from './partiql-value';
import type { AggregateSpec, Env, Scope } from './scope';

export type SourceKind = 'table' | 'committed' | 'catalog' | 'history' | 'expression';

/** A lookup a predicate allows; `correlated` when its values come from the rows of earlier sources. */
export type AccessCandidate =
  /** The document id (BY alias, or metadata.id of a view) equals one of `values`, or is IN `collection`. */
  | { kind: 'id'; values: Evaluate[]; collection?: Evaluate; correlated: boolean }
  /** The value at `path` equals one of `values`, or is IN `collection`. */
  | { kind: 'equal'; path: string[]; values: Evaluate[]; collection?: Evaluate; correlated: boolean }
  /** The value at `path` is above (lower bound) or below (upper bound) `value`. */
  | { kind: 'bound'; path: string[]; side: 'lower' | 'upper'; inclusive: boolean; value: Evaluate; correlated: boolean };

export interface CompiledSource {
  kind: SourceKind;
  /** The table read (the user table behind a committed view or history); '' for an expression. */
  table: string;
  /** How EXPLAIN names it. */
  label: string;
  alias?: string;
  valueSlot: number;
  atSlot?: number;
  bySlot?: number;
  join: FromSource['join'];
  /** A LEFT JOIN's condition. */
  on?: Evaluate;
  /** An expression source's value. */
  expression?: Evaluate;
  /** A subquery source's values (a subquery may read the sources before it). */
  query?: (env: Env) => AsyncIterable<PartiqlValue>;
  /** Whether the expression reads earlier sources or enclosing queries. */
  expressionCorrelated?: boolean;
  /** history(table, start, end). */
  historyRange?: { start: Evaluate | undefined; end: Evaluate | undefined };
  candidates: AccessCandidate[];
}

export interface Grouping {
  keys: Array<{ evaluate: Evaluate; slot?: number }>;
  aggregates: AggregateSpec[];
}

export interface OrderKey {
  evaluate: Evaluate;
  descending: boolean;
  nullsFirst: boolean;
}

export interface CompiledSelect {
  scope: Scope;
  sources: CompiledSource[];
  /** Conjuncts checked as soon as sources 0..level are bound, by level. */
  filters: Evaluate[][];
  /** Conjuncts with subqueries, checked once the row's subqueries have run. */
  lateFilters: Evaluate[];
  grouping?: Grouping;
  having?: Evaluate;
  /** The row's value; MISSING leaves the row out. */
  project: Evaluate;
  distinct: boolean;
  order?: OrderKey[];
  limit?: Evaluate;
  offset?: Evaluate;
}
