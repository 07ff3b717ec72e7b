import { GCProfiler } from 'node:v8';

export interface Figures {
  name: string;
  ops: number;
  opsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  p999Ms: number;
  bytesPerOp: number;
  peakRssMb: number;
  [extra: string]: unknown;
}

/** Percentile of sorted durations in ms. */
function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return Math.round((sorted[Math.max(0, index)] ?? 0) * 1000) / 1000;
}

/**
 * Runs `op` `count` times one after another and reports throughput, latency percentiles, bytes
 * allocated per operation (heap growth plus what each garbage collection freed) and peak RSS.
 */
export async function measure(
  name: string,
  count: number,
  op: (i: number) => Promise<void> | void,
  /** Untimed preparation before each operation (its allocations still count). */
  prepare?: (i: number) => void,
  /** Operations per call of `op` (a tick acts on many deadlines). */
  perCall = 1,
): Promise<Figures> {
  const durations = new Float64Array(count);
  let peakRss = process.memoryUsage.rss();
  const profiler = new GCProfiler();
  const heapBefore = process.memoryUsage().heapUsed;
  profiler.start();
  const started = process.hrtime.bigint();

  let timed = 0n;
  for (let i = 0; i < count; i += 1) {
    prepare?.(i);
    const t0 = process.hrtime.bigint();
    await op(i);
    const spent = process.hrtime.bigint() - t0;
    timed += spent;
    durations[i] = Number(spent) / 1e6;
    if ((i & 255) === 0) peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }

  const elapsed = prepare ? Number(timed) / 1e9 : Number(process.hrtime.bigint() - started) / 1e9;
  const heapAfter = process.memoryUsage().heapUsed;
  const gcs = profiler.stop()?.statistics ?? [];
  const freed = gcs.reduce(
    (sum, gc) =>
      sum + gc.beforeGC.heapStatistics.usedHeapSize - gc.afterGC.heapStatistics.usedHeapSize,
    0,
  );
  const sorted = [...durations].sort((a, b) => a - b);
  return {
    name,
    ops: count,
    opsPerSecond: Math.round((count * perCall) / elapsed),
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    p999Ms: percentile(sorted, 99.9),
    bytesPerOp: Math.round((heapAfter - heapBefore + freed) / (count * perCall)),
    peakRssMb: Math.round(Math.max(peakRss, process.memoryUsage.rss()) / 1048576),
  };
}
