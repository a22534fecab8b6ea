// Test fixture for journal streams: a ledger with an Item table, writers committing blocks that
// each carry one revision and one event, and a collector of a stream's records.
import type { Observable, Subscription } from 'rxjs';
import type { Ledger } from '../engine';
import { openTestLedger } from '../engine/test-ledger.fixture';
import type { StreamRecord } from './stream-record';

/** A new ledger holding the table Item. */
export async function itemLedger(): Promise<Ledger> {
  const ledger = await openTestLedger();
  await ledger.execute((tx) => tx.createTable('Item'));
  return ledger;
}

/** Commits `count` blocks, `concurrency` at a time, each inserting one Item and appending one event. */
export async function commitItems(ledger: Ledger, count: number, concurrency = 1): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const n = next++;
      await ledger.execute(async (tx) => {
        await tx.insert('Item', { n });
        tx.appendEvents([{ type: 'ItemAdded', n }]);
      });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/** The records a subscription received so far, and a way to wait until they satisfy a condition. */
export class RecordCollector {
  readonly records: StreamRecord[] = [];
  error: unknown;
  completed = false;
  private readonly subscription: Subscription;
  private check: (() => void) | undefined;

  constructor(stream: Observable<StreamRecord>) {
    this.subscription = stream.subscribe({
      next: (record) => {
        this.records.push(record);
        this.check?.();
      },
      error: (error) => {
        this.error = error;
        this.check?.();
      },
      complete: () => {
        this.completed = true;
        this.check?.();
      },
    });
  }

  /** Resolves once `done(records)` holds; rejects when the stream errors or completes first. */
  until(done: (records: readonly StreamRecord[]) => boolean): Promise<void> {
    return new Promise((resolve, reject) => {
      this.check = () => {
        if (done(this.records)) resolve();
        else if (this.error !== undefined) reject(this.error);
        else if (this.completed) reject(new Error(`the stream completed after ${this.records.length} records`));
      };
      this.check();
    });
  }

  /** Resolves once the records reach the last record (its EVENT) of block `sequenceNo`. */
  untilBlock(sequenceNo: number): Promise<void> {
    return this.until((records) => records.some((r) => r.position.sequenceNo === sequenceNo && r.recordType === 'EVENT'));
  }

  unsubscribe(): void {
    this.subscription.unsubscribe();
  }
}

/** The tip's sequenceNo. */
export async function tipOf(ledger: Ledger): Promise<number> {
  return (await ledger.getDigest()).digestTipAddress.sequenceNo;
}
