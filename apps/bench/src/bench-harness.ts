// The benchmark harness: times a function over a fixed budget, and prints each figure beside the
// baseline measured in the same run with their ratio. No thresholds: the figures go in notes.

export interface Measurement {
  label: string;
  opsPerSecond: number;
  /** Mean time of one operation in microseconds. */
  microsPerOp: number;
}

/** Runs `fn` (each call performing `opsPerCall` operations) for about `seconds`, after a warm-up. */
export async function measure(
  label: string,
  fn: () => unknown | Promise<unknown>,
  options: { seconds?: number; opsPerCall?: number; warmupCalls?: number } = {},
): Promise<Measurement> {
  const { seconds = 1, opsPerCall = 1, warmupCalls = 20 } = options;
  for (let i = 0; i < warmupCalls; i++) await fn();
  const budgetNs = BigInt(Math.round(seconds * 1e9));
  const start = process.hrtime.bigint();
  let calls = 0;
  let elapsed = 0n;
  do {
    await fn();
    calls++;
    elapsed = process.hrtime.bigint() - start;
  } while (elapsed < budgetNs);
  const ops = calls * opsPerCall;
  const secondsTaken = Number(elapsed) / 1e9;
  return { label, opsPerSecond: ops / secondsTaken, microsPerOp: (secondsTaken * 1e6) / ops };
}

/**
 * Each variant measured in short windows taking turns, keeping its best window: on a machine shared
 * with other work, a burst of load then slows every variant alike instead of the one it lands on.
 */
export async function bestOfInterleaved(variants: Array<[string, () => unknown]>, rounds = 8): Promise<Measurement[]> {
  const best: Measurement[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const [index, [label, fn]] of variants.entries()) {
      const m = await measure(label, fn, { seconds: 0.4, warmupCalls: round === 0 ? 5_000 : 200 });
      if (!best[index] || m.opsPerSecond > best[index].opsPerSecond) best[index] = m;
    }
  }
  return best;
}

/** Prints a titled section. */
export function section(title: string): void {
  console.log(`\n## ${title}`);
}

/** Prints one measurement beside its baseline, with ours/baseline as the ratio. */
export function compare(ours: Measurement, baseline: Measurement): void {
  const ratio = ours.opsPerSecond / baseline.opsPerSecond;
  console.log(
    `${pad(ours.label, 46)} ${formatRate(ours.opsPerSecond)}  vs ${pad(baseline.label, 30)} ${formatRate(
      baseline.opsPerSecond,
    )}  ratio ${ratio.toFixed(2)}x`,
  );
}

/** Prints one measurement that has no baseline of its own (a scale point, a latency). */
export function report(m: Measurement): void {
  console.log(`${pad(m.label, 46)} ${formatRate(m.opsPerSecond)}  (${m.microsPerOp.toFixed(2)} µs/op)`);
}

/** Prints a free-form figure, e.g. a latency percentile or a memory reading. */
export function figure(label: string, value: string): void {
  console.log(`${pad(label, 46)} ${value}`);
}

function formatRate(opsPerSecond: number): string {
  return `${pad(Math.round(opsPerSecond).toLocaleString('en-US'), 12, true)} ops/s`;
}

function pad(text: string, width: number, left = false): string {
  return left ? text.padStart(width) : text.padEnd(width);
}
