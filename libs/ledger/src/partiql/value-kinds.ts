// MISSING and bags, the two values PartiQL computes with beside Ion's (partiql-value.ts works with
// them); apart so that what weighs values (value-size.ts) needs nothing else of partiql-value.ts.
import type { IonValue } from '../ion';

class Missing {
  readonly kind = 'missing';

  toString(): string {
    return 'MISSING';
  }
}

/** The one MISSING value. */
export const MISSING = new Missing();
export type MissingValue = typeof MISSING;

export class Bag {
  readonly kind = 'bag';

  constructor(readonly items: IonValue[]) {}
}

export type PartiqlValue = IonValue | MissingValue | Bag;
