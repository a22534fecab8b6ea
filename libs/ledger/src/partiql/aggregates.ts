// The aggregate functions PartiQL adds to QLDB: COUNT, SUM, AVG, MIN and MAX over a group's rows,
// each skipping NULL and MISSING values (COUNT(*) counts rows), optionally over distinct values.
// Sums keep Ion's numeric types (ints stay exact, decimals stay decimal); AVG of ints and
// decimals is a decimal; an empty group's SUM, AVG, MIN and MAX are NULL.
import { Decimal, type IonValue } from '../ion';
import { PartiqlTypeError } from './errors';
import { arithmetic, exactOf, numericKind, toDecimal } from './numeric';
import { isAbsent, toStored, type PartiqlValue } from './partiql-value';
import { groupKey, totalOrder } from './value-compare';

export const AGGREGATE_FUNCTIONS: ReadonlySet<string> = new Set(['COUNT', 'SUM', 'AVG', 'MIN', 'MAX']);

export interface Aggregator {
  add(value: PartiqlValue): void;
  result(): PartiqlValue;
}

/** A fresh accumulator for `name` (COUNT(*) is COUNT fed a non-null value per row). */
export function newAggregator(name: string, distinct: boolean): Aggregator {
  const aggregator = baseAggregator(name);
  return distinct ? distinctOnly(aggregator) : aggregator;
}

function baseAggregator(name: string): Aggregator {
  switch (name) {
    case 'COUNT':
      return counter();
    case 'SUM':
      return summer(false);
    case 'AVG':
      return summer(true);
    default:
      return extreme(name === 'MIN' ? -1 : 1);
  }
}

function counter(): Aggregator {
  let count = 0;
  return {
    add: (value) => {
      if (!isAbsent(value)) count++;
    },
    result: () => count,
  };
}

function summer(average: boolean): Aggregator {
  let sum: IonValue | undefined;
  let count = 0;
  return {
    add: (value) => {
      if (isAbsent(value)) return;
      if (!numericKind(value)) throw new PartiqlTypeError(average ? 'AVG' : 'SUM', 'numbers', value);
      sum = sum === undefined ? (toStored(value) as IonValue) : arithmetic('+', sum, value);
      count++;
    },
    result: () => {
      if (sum === undefined) return null;
      if (!average) return sum;
      const total = numericKind(sum) === 'float' || sum instanceof Decimal ? sum : toDecimal(exactOf(sum));
      return arithmetic('/', total, count);
    },
  };
}

/** MIN (direction -1) or MAX (1) by PartiQL's total order. */
function extreme(direction: number): Aggregator {
  let best: PartiqlValue | undefined;
  return {
    add: (value) => {
      if (!isAbsent(value) && (best === undefined || totalOrder(value, best) * direction > 0)) best = value;
    },
    result: () => (best === undefined ? null : best),
  };
}

function distinctOnly(aggregator: Aggregator): Aggregator {
  const seen = new Set<string>();
  return {
    add: (value) => {
      const key = groupKey(value);
      if (seen.has(key)) return;
      seen.add(key);
      aggregator.add(value);
    },
    result: () => aggregator.result(),
  };
}
