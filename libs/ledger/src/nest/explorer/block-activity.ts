// Blocks over time for the explorer's ledger page: the journal's life (the first block's time to
// the tip's) cut into equal periods, with the number of blocks committed in each. Block times
// never go back (the committer keeps them in order, verification checks it), so the first block
// of each period is found by a binary search over sequence numbers, reading single block headers:
// about periods × log2(blocks) reads, never the journal whole (some 500 for 24 periods of a
// million blocks).
import type { Ledger } from '../../engine';
import { InvalidArgumentError } from '../../errors';

/** Most periods one chart asks for. */
export const MAX_PERIODS = 60;

export interface BlockActivity {
  tip: number;
  /** Length of each period in milliseconds. */
  periodMs: number;
  /** Each period, oldest first: its start and end (exclusive) as ISO times, and the blocks committed in it. */
  periods: Array<{ start: string; end: string; blocks: number }>;
  /** How many block headers were read to count them. */
  blocksRead: number;
}

/** The blocks committed in each of `count` equal periods from the first block's time to the tip's. */
export async function blockActivity(ledger: Ledger, count: number): Promise<BlockActivity> {
  if (!Number.isSafeInteger(count) || count < 1 || count > MAX_PERIODS) throw new InvalidArgumentError(`the number of periods must be 1 to ${MAX_PERIODS}, not ${count}`, count);
  const tip = (await ledger.getDigest()).digestTipAddress.sequenceNo;
  const times = new BlockTimes(ledger);
  const start = await times.at(0);
  const periodMs = Math.max(1, Math.ceil(((await times.at(tip)) - start + 1) / count));
  const firsts = [0];
  for (let i = 1; i < count; i++) firsts.push(await times.firstAtOrAfter(start + i * periodMs, firsts[i - 1], tip + 1));
  firsts.push(tip + 1);
  const periods = firsts.slice(0, count).map((first, i) => ({
    start: new Date(start + i * periodMs).toISOString(),
    end: new Date(start + (i + 1) * periodMs).toISOString(),
    blocks: firsts[i + 1] - first,
  }));
  return { tip, periodMs, periods, blocksRead: times.reads };
}

/** Block times by sequence number, each header read once. */
class BlockTimes {
  private readonly known = new Map<number, number>();

  constructor(private readonly ledger: Ledger) {}

  get reads(): number {
    return this.known.size;
  }

  /** The time of block `sequenceNo` in milliseconds. */
  async at(sequenceNo: number): Promise<number> {
    let time = this.known.get(sequenceNo);
    if (time === undefined) {
      const [block] = await this.ledger.readBlocks(sequenceNo, sequenceNo, { revisions: false });
      const stamp = block.blockTimestamp;
      time = stamp instanceof Date ? stamp.getTime() : stamp.getDate().getTime();
      this.known.set(sequenceNo, time);
    }
    return time;
  }

  /** The first sequence number in `low`..`high` (exclusive; `high` when none) whose block time is at or after `time`. */
  async firstAtOrAfter(time: number, low: number, high: number): Promise<number> {
    while (low < high) {
      const middle = Math.floor((low + high) / 2);
      if ((await this.at(middle)) < time) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
