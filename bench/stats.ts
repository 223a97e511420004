/** Percentiles of latency samples. */

/** The `p`-th percentile (0–100, nearest rank) of `samples`, which this sorts in place. */
export function percentile(samples: Float64Array, p: number): number {
  if (samples.length === 0) return Number.NaN;
  samples.sort();
  const rank = Math.ceil((p / 100) * samples.length);
  return samples[Math.min(samples.length, Math.max(1, rank)) - 1]!;
}
