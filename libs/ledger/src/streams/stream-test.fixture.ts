// Test fixture for journal streams: a ledger with an Item table, writers committing blocks that
// each carry one revision and one event, and a collector of a stream's records.
import type { Observable, Subscription } from 'rxjs';
import type { Ledger } from '../engine';
import { openTestLedger } from '../engine/test-ledger.fixture';
import type { Block } from '../journal';
import { rebuildBlock, type RevisionDetails, type StreamPosition, type StreamRecord } from './stream-record';

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

  /** Resolves once the records reach the last record of block `sequenceNo` (all kinds carried). */
  untilBlock(sequenceNo: number): Promise<void> {
    return this.until((records) => endsBlock(records, sequenceNo));
  }

  unsubscribe(): void {
    this.subscription.unsubscribe();
  }
}

/** The tip's sequenceNo. */
export async function tipOf(ledger: Ledger): Promise<number> {
  return (await ledger.getDigest()).digestTipAddress.sequenceNo;
}

/** Whether the last of `records` is the last record of block `sequenceNo`, by the size its summary gives. */
function endsBlock(records: readonly StreamRecord[], sequenceNo: number): boolean {
  const last = records[records.length - 1];
  if (last?.position.sequenceNo !== sequenceNo) return false;
  const summary = records[records.length - 1 - last.position.index];
  if (summary?.recordType !== 'BLOCK_SUMMARY') return false;
  return last.position.index === summary.payload.revisionSummaries.length + (summary.payload.events?.length ?? 0);
}

/** Checks that `records` are exactly every record of blocks first..last, in position order, and returns the blocks rebuilt from them. */
export function expectContiguous(records: readonly StreamRecord[], first: number, last: number): Block[] {
  const blocks: Block[] = [];
  let expected: StreamPosition = { sequenceNo: first, index: 0 };
  let size = 0;
  let revisions: RevisionDetails[] = [];
  let summary: StreamRecord | undefined;
  for (const record of records) {
    expect(record.position).toEqual(expected);
    if (record.recordType === 'BLOCK_SUMMARY') {
      summary = record;
      revisions = [];
      size = 1 + record.payload.revisionSummaries.length + (record.payload.events?.length ?? 0);
    } else if (record.recordType === 'REVISION_DETAILS') {
      expect(record.position.index).toBeLessThanOrEqual(revisions.length + 1);
      revisions.push(record.payload);
    } else {
      expect(record.payload.eventIndex).toBe(record.position.index - 1 - revisions.length);
    }
    expected = expected.index + 1 < size ? { ...expected, index: expected.index + 1 } : { sequenceNo: expected.sequenceNo + 1, index: 0 };
    if (expected.index === 0 && summary?.recordType === 'BLOCK_SUMMARY') blocks.push(rebuildBlock(summary.payload, revisions));
  }
  expect(expected).toEqual({ sequenceNo: last + 1, index: 0 });
  return blocks;
}
