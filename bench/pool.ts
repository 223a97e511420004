/**
 * The load shape of the throughput run: a fixed number of calls with exactly `concurrency` in
 * flight, as `concurrency` async loops that each await one call at a time.
 */

/**
 * Runs `call` `total` times, `concurrency` at a time; records each call's latency (ms) if given an
 * array. Without one the loops read no clock, so the pool adds nothing but the loop to a call
 * (the cold and instruction figures count every instruction of the process).
 */
export async function runPool(total: number, concurrency: number, call: () => Promise<unknown>, latencies?: Float64Array): Promise<void> {
  let issued = 0;
  const untimed = async (): Promise<void> => {
    while (issued < total) {
      issued++;
      await call();
    }
  };
  const timed = (record: Float64Array) => async (): Promise<void> => {
    while (issued < total) {
      const index = issued++;
      const start = performance.now();
      await call();
      record[index] = performance.now() - start;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, latencies === undefined ? untimed : timed(latencies)));
}
