// A steady load for latency benchmarks: calls an operation a fixed number of times a second, paced
// on the clock (not waiting for one call before the next), for a fixed time; and a wall clock
// precise enough to compare times taken in different processes.

/** Calls `operation(n)` `perSecond` times a second for `seconds`; resolves when every call settled. */
export async function steadyLoad(perSecond: number, seconds: number, operation: (n: number) => Promise<void>): Promise<void> {
  const started = process.hrtime.bigint();
  const total = perSecond * seconds;
  const running: Promise<void>[] = [];
  for (let n = 0; n < total; ) {
    const due = Math.min(total, Math.floor((Number(process.hrtime.bigint() - started) / 1e9) * perSecond) + 1);
    while (n < due) running.push(operation(n++));
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await Promise.all(running);
}

/** Wall-clock time in ms with sub-millisecond resolution, comparable between processes. */
export function now(): number {
  return performance.timeOrigin + performance.now();
}
