// Watching the journal's tip for commits by any process: while at least one listener is registered,
// a poll runs on an unref'd interval timer and the listeners hear each tip it finds past the last
// one reported. Each storage supplies its own cheap poll; the timer stops with the last listener,
// and a poll still under way when it starts again reports nothing to the new listeners.

/** Returns the tip when it may have moved since the previous call, or undefined when it surely did not. */
export type TipPoll = () => Promise<number | undefined> | number | undefined;

export class TipWatch {
  private readonly listeners = new Set<(tipSequenceNo: number) => void>();
  private timer: NodeJS.Timeout | undefined;
  private polling = false;
  /** Set when pollNow() was called during a poll: its news may have come after that poll read the tip. */
  private pollAgain = false;
  private reported = -1;
  private closed = false;
  /** Counts the starts: a poll begun before the latest one reports nothing (it may have read the tip before its listeners came) and is made again. */
  private starts = 0;

  constructor(
    private readonly intervalMs: number,
    private readonly poll: TipPoll,
    private readonly stopped: () => void = () => undefined,
  ) {}

  /** Whether the poll is running (some listener is registered). */
  get active(): boolean {
    return this.timer !== undefined;
  }

  add(listener: (tipSequenceNo: number) => void): () => void {
    if (this.closed) return () => undefined;
    this.listeners.add(listener);
    if (this.timer === undefined) this.start();
    return () => {
      if (this.listeners.delete(listener) && this.listeners.size === 0) this.stop();
    };
  }

  /** Polls now rather than at the next tick (or right after the poll under way): for a storage that is told of commits as they happen. */
  pollNow(): void {
    if (this.timer === undefined) return;
    if (this.polling) this.pollAgain = true;
    else void this.tick();
  }

  /** Stops polling for good: later listeners are never called. */
  close(): void {
    this.closed = true;
    this.listeners.clear();
    this.stop();
  }

  private start(): void {
    this.starts++;
    this.reported = -1;
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref();
  }

  private stop(): void {
    if (this.timer === undefined) return;
    clearInterval(this.timer);
    this.timer = undefined;
    this.stopped();
  }

  /** One poll at a time; a failed poll is tried again on the next tick (readers report storage errors). */
  private async tick(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    const starts = this.starts;
    try {
      const tip = await this.poll();
      if (starts !== this.starts) {
        this.pollAgain = true; // begun before the watch started again: its listeners hear a tip read after they came
        return;
      }
      if (tip === undefined || tip <= this.reported || this.timer === undefined) return;
      this.reported = tip;
      for (const listener of [...this.listeners]) listener(tip);
    } catch {
      // the next tick polls again
    } finally {
      this.polling = false;
      if (this.pollAgain) {
        this.pollAgain = false;
        this.pollNow();
      }
    }
  }
}
