// A range lookup in an index, in values (what callers write) and in order keys (what storage reads):
// both bounds within one family of ordered values, an open end closed at its family's edge.
import { toIonValue, type IonValue } from '../ion';
import { ionOrderKey, orderFamilyOf } from '../ion/ion-order-key';
import type { OrderKeyRange } from '../storage';
import { InvalidArgumentError } from './errors';

export interface IndexBound {
  value: IonValue;
  inclusive: boolean;
}

/** Values between `lower` and `upper`; at least one bound. Equality is `{ lower: b, upper: b }` with `b` inclusive. */
export interface IndexRange {
  lower?: IndexBound;
  upper?: IndexBound;
}

/** The order keys bounding `range`; throws InvalidArgumentError for a bound without order, or bounds of two families. */
export function orderKeyRange(range: IndexRange): OrderKeyRange {
  const lower = range?.lower && boundKey(range.lower, 'lower');
  const upper = range?.upper && (range.upper.value === range.lower?.value && lower ? lower : boundKey(range.upper, 'upper'));
  if (!lower && !upper) throw new InvalidArgumentError('an index range needs a lower or an upper bound', range);
  const family = orderFamilyOf((lower ?? upper) as Uint8Array);
  if (lower && upper && orderFamilyOf(upper) !== family) {
    throw new InvalidArgumentError('the bounds of an index range must be of one family (numbers, timestamps, text, lobs or bools)', range);
  }
  return {
    lower: lower ?? Uint8Array.of(family),
    lowerInclusive: lower ? range.lower!.inclusive === true : true,
    upper: upper ?? Uint8Array.of(family + 1),
    upperInclusive: upper ? range.upper!.inclusive === true : false,
  };
}

function boundKey(bound: IndexBound, name: string): Uint8Array {
  const key = typeof bound === 'object' && bound !== null ? ionOrderKey(toIonValue(bound.value)) : undefined;
  if (!key) throw new InvalidArgumentError(`the ${name} bound of an index range must be { value, inclusive } with an ordered scalar value`, bound);
  return key;
}
