// The planner: for each source, the cheapest lookup its predicates allow given the table's
// indexes. A document id (BY alias, or metadata.id of a view) beats an index; an index lookup by
// equality or IN beats a range (<, <=, >, >=, BETWEEN) on an indexed path; otherwise the source is
// scanned. Every predicate is still checked on the rows a lookup returns, so a lookup only ever
// narrows what is read. EXPLAIN shows the choice.
import type { TableDefinition } from '../engine';
import { indexPath } from '../storage';
import type { IonStructObject } from '../ion';
import type { AccessCandidate, CompiledSource } from './compiled-query.types';

type IdCandidate = Extract<AccessCandidate, { kind: 'id' }>;
type EqualCandidate = Extract<AccessCandidate, { kind: 'equal' }>;
type BoundCandidate = Extract<AccessCandidate, { kind: 'bound' }>;

export type AccessPlan =
  | { kind: 'scan' }
  | { kind: 'expression'; correlated: boolean }
  | { kind: 'id'; candidate: IdCandidate }
  | { kind: 'equal'; candidate: EqualCandidate }
  | { kind: 'range'; path: string[]; bounds: BoundCandidate[] };

const plans = new WeakMap<CompiledSource, { definition: TableDefinition | undefined; plan: AccessPlan }>();

/** The plan for `source`, given its table's definition (undefined for sources that are not user tables). */
export function planSource(source: CompiledSource, definition: TableDefinition | undefined): AccessPlan {
  const cached = plans.get(source);
  if (cached && cached.definition === definition) return cached.plan;
  const plan = choosePlan(source, definition);
  plans.set(source, { definition, plan });
  return plan;
}

function choosePlan(source: CompiledSource, definition: TableDefinition | undefined): AccessPlan {
  if (source.kind === 'expression') return { kind: 'expression', correlated: source.expressionCorrelated === true };
  const byId = source.candidates.find((c): c is IdCandidate => c.kind === 'id');
  if (byId) return { kind: 'id', candidate: byId };
  if (source.kind !== 'table' || !definition) return { kind: 'scan' };
  const indexed = new Set(definition.indexes.map((index) => (indexPath(index.expr) ?? []).join('\u0000')));
  const isIndexed = (path: string[]) => indexed.has(path.join('\u0000'));
  const equal = source.candidates.find((c): c is EqualCandidate => c.kind === 'equal' && isIndexed(c.path));
  if (equal) return { kind: 'equal', candidate: equal };
  const bound = source.candidates.find((c): c is BoundCandidate => c.kind === 'bound' && isIndexed(c.path));
  if (!bound) return { kind: 'scan' };
  const sameKey = bound.path.join('\u0000');
  const bounds = source.candidates.filter((c): c is BoundCandidate => c.kind === 'bound' && c.path.join('\u0000') === sameKey);
  return { kind: 'range', path: bound.path, bounds };
}

/** Whether a plan's rows depend on the rows of earlier sources (then it is read again for each). */
export function isCorrelated(plan: AccessPlan): boolean {
  switch (plan.kind) {
    case 'scan':
      return false;
    case 'expression':
      return plan.correlated;
    case 'range':
      return plan.bounds.some((bound) => bound.correlated);
    default:
      return plan.candidate.correlated;
  }
}

/** What EXPLAIN says of a source's plan. */
export function describePlan(source: CompiledSource, plan: AccessPlan): IonStructObject {
  const described: IonStructObject = { source: source.label, ...(source.alias !== undefined ? { alias: source.alias } : {}) };
  switch (plan.kind) {
    case 'scan':
      return { ...described, access: source.kind === 'history' ? 'history' : 'scan' };
    case 'expression':
      return { ...described, access: 'expression' };
    case 'id':
      return { ...described, access: source.kind === 'history' ? 'history' : 'documentId', documentId: true };
    case 'equal':
      return { ...described, access: 'index', index: plan.candidate.path.join('.'), lookup: plan.candidate.values.length > 1 || plan.candidate.collection ? 'in' : 'equal' };
    case 'range':
      return { ...described, access: 'index', index: plan.path.join('.'), lookup: 'range' };
  }
}
