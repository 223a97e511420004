/**
 * The bench's knobs, read from the environment by both the orchestrator and each worker:
 *
 * - `BENCH_CALLS`            measured `tools/call`s per (client, era); default 100 000
 * - `BENCH_REPEAT`           runs per (client, era), interleaved in rounds; the run with the median
 *                            CPU per call is reported; default 3
 * - `BENCH_WARMUP`           warm-up calls before measuring; default 20 000, whatever `BENCH_CALLS` is:
 *                            after only 2 000 the JIT and heap are still settling and every client's
 *                            CPU per call reads 10–30 % high (rxmcp's the most)
 * - `BENCH_CONCURRENCY`      calls in flight; default 64
 * - `BENCH_PROGRESS_STEPS`   progress notifications requested in the progress run; default 20 000
 * - `BENCH_ONLY`             comma-separated filter of `client` or `client:era` (e.g. `rxmcp:modern`)
 * - `BENCH_CPU_PROF`         a directory: run the workers under `node --cpu-prof` writing there
 * - `BENCH_WORKER_TIMEOUT_S` seconds before a worker is killed; default 300
 */
import type { Era } from './clients/adapter.js';

/** The clients measured, in table order. */
export const CLIENTS = ['rxmcp', 'official', 'raw'] as const;
/** One of {@link CLIENTS}. */
export type ClientName = (typeof CLIENTS)[number];
/** The eras measured, in table order. */
export const ERAS: readonly Era[] = ['legacy', 'modern'];
/** The protocol version each era must negotiate. */
export const EXPECTED_VERSION: Readonly<Record<Era, string>> = { legacy: '2025-11-25', modern: '2026-07-28' };

/** The bench's settings. */
export interface BenchConfig {
  readonly calls: number;
  readonly repeat: number;
  readonly warmup: number;
  readonly concurrency: number;
  readonly progressSteps: number;
  readonly only: readonly string[];
  readonly cpuProfDir: string | undefined;
  readonly workerTimeoutMs: number;
}

function nonNegativeInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got ${JSON.stringify(raw)}`);
  return value;
}

/** Reads the settings from `process.env`. */
export function readConfig(): BenchConfig {
  const calls = Math.max(1, nonNegativeInt('BENCH_CALLS', 100_000));
  return {
    calls,
    repeat: Math.max(1, nonNegativeInt('BENCH_REPEAT', 3)),
    warmup: nonNegativeInt('BENCH_WARMUP', 20_000),
    concurrency: Math.max(1, nonNegativeInt('BENCH_CONCURRENCY', 64)),
    progressSteps: nonNegativeInt('BENCH_PROGRESS_STEPS', 20_000),
    only: (process.env.BENCH_ONLY ?? '').split(',').map((entry) => entry.trim()).filter((entry) => entry !== ''),
    cpuProfDir: process.env.BENCH_CPU_PROF || undefined,
    workerTimeoutMs: nonNegativeInt('BENCH_WORKER_TIMEOUT_S', 300) * 1_000,
  };
}

/** True if `client` in `era` passes the `BENCH_ONLY` filter. */
export function selected(config: BenchConfig, client: ClientName, era: Era): boolean {
  return config.only.length === 0 || config.only.some((entry) => entry === client || entry === `${client}:${era}`);
}
