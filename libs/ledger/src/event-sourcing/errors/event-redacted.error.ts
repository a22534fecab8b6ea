// An aggregate loaded from its events (loadFrom: 'events') met an event whose payload was redacted:
// its state cannot be rebuilt from the journal. Load it from its revision (the default) instead.
import { LedgerError } from '../../errors';

export class EventRedactedError extends LedgerError {
  readonly code = 'EVENT_REDACTED';

  constructor(
    readonly aggregate: string,
    readonly streamId: string,
    readonly streamVersion: number,
    readonly position: { sequenceNo: number; index: number },
  ) {
    super(
      `${aggregate} ${JSON.stringify(streamId)} cannot be rebuilt from its events: the payload of its event at version ${streamVersion} (block ${position.sequenceNo}, index ${position.index}) was redacted; load it from its revision`,
      { aggregate, streamId, streamVersion, position },
    );
  }
}
