// A statement's buffered result, as the QLDB driver's Result: its values as ion-js dom values, and
// what the statement cost (read IOs are not counted here: null).
import type { dom } from 'ion-js';
import type { IOUsage, TimingInformation } from './statement-stats';

export class Result {
  constructor(
    private readonly values: dom.Value[],
    private readonly timing: TimingInformation,
  ) {}

  /** The statement's values (a copy of the list, as the driver gives). */
  getResultList(): dom.Value[] {
    return this.values.slice();
  }

  /** Always null: QLDB's read IOs have no counterpart here. */
  getConsumedIOs(): IOUsage | null {
    return null;
  }

  getTimingInformation(): TimingInformation {
    return this.timing;
  }
}
