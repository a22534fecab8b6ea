// Compile-time scopes and run-time environments. A scope is one query level: the names its FROM
// clause binds (each to a slot), the slots holding its sources' values (for names that are fields
// of them), its subqueries and, in a grouped query, its aggregates. An environment holds one row's
// slot values, with a link to the enclosing query's row for correlated subqueries. The context of
// a run counts its steps, so a long statement finds out while it runs that its time is up.
import type { Transaction } from '../engine';
import type { IonValue } from '../ion';
import type { FunctionContext } from './builtin-functions';
import { MISSING, type PartiqlValue } from './partiql-value';

/** What every environment of one statement run shares. */
export interface RuntimeContext extends FunctionContext {
  transaction: Transaction;
  parameters: readonly IonValue[];
  /** Values computed once per run (uncorrelated subqueries, sources read once), by what computed them. */
  cache: Map<object, unknown>;
  /** Rows read, operands folded, values compared so far: every STEPS_PER_CHECK of them, the time budget is checked. */
  steps: number;
}

/** How many steps run between two checks of the transaction's time budget (a check reads the clock). */
export const STEPS_PER_CHECK = 256;

/** Counts one step of the statement's work; throws the transaction's LimitExceededError once it has run out of time. */
export function countStep(context: RuntimeContext): void {
  if (++context.steps % STEPS_PER_CHECK === 0) context.transaction.checkTime();
}

export interface Env {
  slots: PartiqlValue[];
  parent: Env | undefined;
  /** The values of this level's subqueries, computed before its expressions run. */
  subqueries: PartiqlValue[];
  /** The current group's aggregate results. */
  aggregates: PartiqlValue[];
  /** The row's projected value, for ORDER BY naming a projection alias. */
  projected?: PartiqlValue;
  context: RuntimeContext;
}

/** What compiling an expression found it reads, so the planner knows when it can be evaluated. */
export interface Usage {
  /** Slots of the scope itself. */
  slots: Set<number>;
  /** Names resolved as fields of the scope's own sources. */
  implicit: boolean;
  /** Names of enclosing scopes. */
  outer: boolean;
  subquery: boolean;
  aggregate: boolean;
}

let nextScopeId = 0;

export class Scope {
  readonly id = nextScopeId++;
  readonly level: number;
  readonly names = new Map<string, number>();
  readonly sourceSlots: number[] = [];
  slotCount = 0;
  /** Run before the level's expressions; each returns the subquery's value for an environment. */
  readonly subqueries: Array<(env: Env) => Promise<PartiqlValue>> = [];
  /** Set while compiling a grouped query's projection, HAVING and ORDER BY. */
  aggregates: AggregateSpec[] | undefined;

  constructor(readonly parent: Scope | undefined) {
    this.level = parent ? parent.level + 1 : 0;
  }

  addSlot(): number {
    return this.slotCount++;
  }

  /** Binds `name` to a new slot; returns it. */
  bind(name: string): number {
    const slot = this.addSlot();
    this.names.set(name, slot);
    return slot;
  }

  /** A fresh environment for one run of this scope. */
  newEnv(parent: Env | undefined, context: RuntimeContext): Env {
    return { slots: new Array<PartiqlValue>(this.slotCount).fill(MISSING), parent, subqueries: [], aggregates: [], context };
  }
}

/** One aggregate call of a grouped query: its function, whether over distinct values, and its argument. */
export interface AggregateSpec {
  name: string;
  distinct: boolean;
  /** Evaluated per row; COUNT(*) has none. */
  argument?: (env: Env) => PartiqlValue;
}

/** The environment `depth` levels out from `env`. */
export function envAt(env: Env, depth: number): Env {
  let current = env;
  for (let i = 0; i < depth; i++) current = current.parent as Env;
  return current;
}
