/**
 * The load shape of the throughput run: a fixed number of calls with exactly `concurrency` in
 * flight, as `concurrency` async loops that each await one call at a time.
 */

/** Runs `call` `total` times, `concurrency` at a time; records each call's latency (ms) if given an array. */
export async function runPool(total: number, concurrency: number, call: () => Promise<unknown>, latencies?: Float64Array): Promise<void> {
  let issued = 0;
  const loop = async (): Promise<void> => {
    while (issued < total) {
      const index = issued++;
      const start = performance.now();
      await call();
      if (latencies !== undefined) latencies[index] = performance.now() - start;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, loop));
}
