// A statement's values as an object-mode Readable of ion-js dom values, produced as the reader takes
// them (a large table is read a page at a time), as the QLDB driver's ResultReadable. It must be
// read inside the transaction's function: once that returns, the transaction has ended.
import { Readable } from 'node:stream';
import type { IonValue } from '../ion';
import { domValue } from './ion-bridge';
import { TimingInformation, type IOUsage } from './statement-stats';

export class ResultReadable extends Readable {
  private processingMs = 0;
  private reading = false;
  private wanted = false;

  constructor(private readonly values: AsyncIterator<IonValue>) {
    super({ objectMode: true });
  }

  /** Always null: QLDB's read IOs have no counterpart here. */
  getConsumedIOs(): IOUsage | null {
    return null;
  }

  /** Time spent computing the values read so far. */
  getTimingInformation(): TimingInformation {
    return new TimingInformation(this.processingMs);
  }

  override _read(): void {
    if (this.reading) {
      this.wanted = true;
      return;
    }
    this.reading = true;
    void this.pushValues();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    void Promise.resolve(this.values.return?.()).then(
      () => callback(error),
      () => callback(error),
    );
  }

  /** Pushes values until the buffer is full and no read was asked for meanwhile, or the values end. */
  private async pushValues(): Promise<void> {
    try {
      let more = true;
      while (more) {
        this.wanted = false;
        const started = performance.now();
        const next = await this.values.next();
        this.processingMs += performance.now() - started;
        if (next.done) {
          this.push(null);
          return;
        }
        more = this.push(domValue(next.value)) || this.wanted;
      }
    } catch (error) {
      this.destroy(error as Error);
    } finally {
      this.reading = false;
    }
  }
}
