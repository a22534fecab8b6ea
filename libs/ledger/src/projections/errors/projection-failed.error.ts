// A projection that was awaited stopped instead: its handler kept failing on one event.
import { LedgerError } from '../../errors';
import type { EventPosition } from '../../event-sourcing';

export class ProjectionFailedError extends LedgerError {
  readonly code = 'PROJECTION_FAILED';

  constructor(
    name: string,
    readonly position: EventPosition,
    reason: string,
  ) {
    super(`projection ${name} failed at event ${position.sequenceNo}:${position.index} (${reason}); fix its handler, then start or rebuild it`, name);
  }
}
