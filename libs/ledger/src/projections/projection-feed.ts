// The events a projection runner pulls, in batches, from the event store's pull stream
// (eventsIterator: caught up from storage a page at a time, then live). Backpressure policy: the
// stream reads its next page only once the runner took every event of the previous one, so however
// slow the handlers, the runner holds at most one page of events (plus the blocks this process
// committed meanwhile, up to the stream's high-water mark, past which it reads them again later).
import type { EventPosition, RecordedEvent } from '../event-sourcing';
import type { StreamIterator } from '../streams';

/** The events from `from` (inclusive) on, in journal order: the stored ones, then live ones. */
export type ProjectionEventSource = (from: EventPosition) => StreamIterator<RecordedEvent>;

/** The position right after `event`. */
export function positionAfter(event: RecordedEvent): EventPosition {
  return { sequenceNo: event.position.sequenceNo, index: event.position.index + 1 };
}

export class ProjectionFeed {
  private readonly events: StreamIterator<RecordedEvent>;

  constructor(source: ProjectionEventSource, from: EventPosition) {
    this.events = source(from);
  }

  /** True when no event is at hand: taking one waits for a page to be read or a commit. */
  get drained(): boolean {
    const { items, blocks } = this.events.buffered;
    return items === 0 && blocks === 0;
  }

  /**
   * Up to `max` events: waits for the first, then takes those already read. None once closed.
   * Throws what the stream failed with (a storage error, or the ledger's closing).
   */
  take(max: number): Promise<RecordedEvent[]> {
    return this.events.nextBatch(max);
  }

  /** Stops reading; a take() waiting returns no events. */
  close(): void {
    void this.events.return();
  }
}
