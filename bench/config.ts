/**
 * The bench's knobs, read from the environment by the orchestrator and every worker. With the
 * defaults one `npm run bench` takes about 6 minutes on a 2-CPU machine: the core comparison about
 * 4 (stdio and HTTP about half each), the cache figures about 30 s, the soak about 1.5 minutes.
 *
 * What runs:
 * - `BENCH_PARTS`            comma-separated parts to run, of `core`, `cache`, `soak`, `group`, `tasks`, `bindings`, `cold`,
 *                            `instructions`; default all but `instructions` (it needs valgrind and takes ~4 minutes)
 * - `BENCH_ONLY`             core comparison filter, comma-separated; an entry selects the runs
 *                            whose client, era and transport it names, in any order, joined by `:`
 *                            (e.g. `rxmcp`, `rxmcp:modern`, `http`, `official:legacy:http`)
 *
 * The core comparison over stdio (the targets of the reactive-core issue are checked on these):
 * - `BENCH_CALLS`            measured `tools/call`s per (client, era); default 100 000
 * - `BENCH_WARMUP`           warm-up calls before measuring; default 20 000, whatever `BENCH_CALLS` is:
 *                            after only 2 000 the JIT and heap are still settling and every client's
 *                            CPU per call reads 10–30 % high (rxmcp's the most)
 * - `BENCH_PROGRESS_STEPS`   progress notifications requested in the progress run; default 20 000
 *
 * The core comparison over Streamable HTTP (ratios reported, no targets). An HTTP call costs a
 * `fetch` on the client and a request through `node:http` plus the SDK's handler on the server
 * (a fresh server instance per modern request), which share the machine's CPUs with the client:
 * a few hundred to a thousand calls per second instead of tens of thousands, so HTTP has its own,
 * smaller counts:
 * - `BENCH_HTTP_CALLS`           measured calls per (client, era); default 3 000
 * - `BENCH_HTTP_WARMUP`          warm-up calls; default 1 000
 * - `BENCH_HTTP_PROGRESS_STEPS`  progress notifications of the progress run; default 20 000
 *
 * Both transports:
 * - `BENCH_REPEAT`           runs per (client, era, transport), interleaved in rounds; the run with the
 *                            median CPU per call is reported; default 3
 * - `BENCH_CONCURRENCY`      calls in flight; default 64
 * - `BENCH_CPU_PROF`         a directory: run the core (and cold) workers under `node --cpu-prof` writing there
 * - `BENCH_WORKER_TIMEOUT_S` seconds before a worker (core, cache or soak) is killed; default 300
 *
 * The memory soak (rxmcp only, `node --expose-gc`, one process per era and transport):
 * - `BENCH_SOAK_CALLS`       calls per era over stdio; default 200 000
 * - `BENCH_SOAK_HTTP_CALLS`  calls per era over Streamable HTTP; default 50 000 (0 skips HTTP). An
 *                            HTTP call is about 40 times dearer, so the HTTP leg is shorter and its
 *                            heap growth is also projected linearly to 200 000 calls for the verdict
 * - `BENCH_SOAK_ERAS`        comma-separated eras to soak; default `legacy,modern`
 * - `BENCH_SOAK_EVERY`       every n-th call is cancelled mid-call, and another every n-th times out; default 10
 * - `BENCH_SOAK_HEAP_SNAPSHOTS` a directory: write a heap snapshot at both heap readings, to find what grew
 *
 * The cold-start figures (issue 17, bench/cold.ts; `BENCH_ONLY` filters them by client and era too):
 * - `BENCH_COLD_RUNS`        fresh processes per (figure, client, era), interleaved; the median is reported; default 5
 *
 * The instructions per call under valgrind (bench/instructions.ts; `BENCH_ONLY` filters them by client and era too):
 * - `BENCH_INSTRUCTION_CALLS` measured calls of the last process of each client and era (the first makes 0, a third
 *                            half as many, splitting the calls into two halves); default 10 000
 *
 * The cache figures: `BENCH_CACHE_SAMPLES` (see bench/cache.ts).
 * The group figures: `BENCH_GROUP_ROUNDS`, `BENCH_GROUP_CALLS`, `BENCH_GROUP_CONCURRENCY` (see bench/group.ts).
 */
import type { BenchTransport, Era } from './clients/adapter.js';

/**
 * The clients measured, in table order: `rxmcp-fetch` is rxmcp on its `fetch` path (HTTP only:
 * the path before issue 18, and the browser's), `raw` the floor on `fetch`, `raw-undici` the one
 * on `undici.request` (HTTP only).
 */
export const CLIENTS = ['rxmcp', 'rxmcp-fetch', 'official', 'raw', 'raw-undici'] as const;
/** One of {@link CLIENTS}. */
export type ClientName = (typeof CLIENTS)[number];

/** True if `client` is measured over `transport` (`rxmcp-fetch` and `raw-undici` are HTTP only). */
export function runsOver(client: ClientName, transport: BenchTransport): boolean {
  return (client !== 'raw-undici' && client !== 'rxmcp-fetch') || transport === 'http';
}
/** The eras measured, in table order. */
export const ERAS: readonly Era[] = ['legacy', 'modern'];
/** The transports measured, in table order. */
export const TRANSPORTS: readonly BenchTransport[] = ['stdio', 'http'];
/** The protocol version each era must negotiate. */
export const EXPECTED_VERSION: Readonly<Record<Era, string>> = { legacy: '2025-11-25', modern: '2026-07-28' };
/** The heap growth the soak is held to, in bytes, over {@link SOAK_TARGET_CALLS} calls. */
export const MAX_SOAK_HEAP_GROWTH_BYTES = 5 * 1024 * 1024;
/** The HTTP soak's own target (issue 18): heap growth under this over its whole run (50,000 calls by default). */
export const MAX_HTTP_SOAK_HEAP_GROWTH_BYTES = 1 * 1024 * 1024;
/** The number of calls the soak's heap target is stated for (a shorter run is projected to it). */
export const SOAK_TARGET_CALLS = 200_000;
/** Soak warm-up calls (the same mix) before the baseline heap reading. */
export const SOAK_WARMUP_CALLS: Readonly<Record<BenchTransport, number>> = { stdio: 20_000, http: 5_000 };
/** The idle timeout of the soak's timed-out calls. */
export const SOAK_SHORT_TIMEOUT_MS = 5;

/** The parts of a bench run, in the order they run. */
export const PARTS = ['core', 'cache', 'soak', 'group', 'tasks', 'bindings', 'cold', 'instructions'] as const;
/** One of {@link PARTS}. */
export type BenchPart = (typeof PARTS)[number];
/** The parts run when `BENCH_PARTS` is not set: all but `instructions`, which needs valgrind. */
export const DEFAULT_PARTS: readonly BenchPart[] = PARTS.filter((part) => part !== 'instructions');

/** How many calls a core run makes over one transport. */
export interface CallCounts {
  readonly calls: number;
  readonly warmup: number;
  readonly progressSteps: number;
}

/** The soak's settings. */
export interface SoakConfig {
  /** Calls per era over each transport (0: that transport is not soaked). */
  readonly calls: Readonly<Record<BenchTransport, number>>;
  readonly eras: readonly Era[];
  readonly every: number;
}

/** The bench's settings. */
export interface BenchConfig {
  readonly parts: readonly BenchPart[];
  readonly counts: Readonly<Record<BenchTransport, CallCounts>>;
  readonly repeat: number;
  readonly concurrency: number;
  readonly only: readonly string[];
  readonly cpuProfDir: string | undefined;
  readonly workerTimeoutMs: number;
  readonly soak: SoakConfig;
  /** Fresh processes per cold-start figure. */
  readonly coldRuns: number;
  /** Measured calls of the instructions part's second process per client and era. */
  readonly instructionCalls: number;
}

function nonNegativeInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got ${JSON.stringify(raw)}`);
  return value;
}

function list<T extends string>(name: string, allowed: readonly T[], defaults: readonly T[] = allowed): readonly T[] {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return defaults;
  const entries = raw.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
  for (const entry of entries) if (!allowed.includes(entry as T)) throw new Error(`${name}: ${JSON.stringify(entry)} is not one of ${allowed.join(', ')}`);
  return allowed.filter((value) => entries.includes(value));
}

/** Reads the settings from `process.env`. */
export function readConfig(): BenchConfig {
  return {
    parts: list('BENCH_PARTS', PARTS, DEFAULT_PARTS),
    counts: {
      stdio: {
        calls: Math.max(1, nonNegativeInt('BENCH_CALLS', 100_000)),
        warmup: nonNegativeInt('BENCH_WARMUP', 20_000),
        progressSteps: nonNegativeInt('BENCH_PROGRESS_STEPS', 20_000),
      },
      http: {
        calls: Math.max(1, nonNegativeInt('BENCH_HTTP_CALLS', 3_000)),
        warmup: nonNegativeInt('BENCH_HTTP_WARMUP', 1_000),
        progressSteps: nonNegativeInt('BENCH_HTTP_PROGRESS_STEPS', 20_000),
      },
    },
    repeat: Math.max(1, nonNegativeInt('BENCH_REPEAT', 3)),
    concurrency: Math.max(1, nonNegativeInt('BENCH_CONCURRENCY', 64)),
    only: (process.env.BENCH_ONLY ?? '').split(',').map((entry) => entry.trim()).filter((entry) => entry !== ''),
    cpuProfDir: process.env.BENCH_CPU_PROF || undefined,
    workerTimeoutMs: nonNegativeInt('BENCH_WORKER_TIMEOUT_S', 300) * 1_000,
    soak: {
      calls: { stdio: nonNegativeInt('BENCH_SOAK_CALLS', SOAK_TARGET_CALLS), http: nonNegativeInt('BENCH_SOAK_HTTP_CALLS', 50_000) },
      eras: list('BENCH_SOAK_ERAS', ERAS),
      every: Math.max(2, nonNegativeInt('BENCH_SOAK_EVERY', 10)),
    },
    coldRuns: Math.max(1, nonNegativeInt('BENCH_COLD_RUNS', 5)),
    instructionCalls: Math.max(1, nonNegativeInt('BENCH_INSTRUCTION_CALLS', 10_000)),
  };
}

/** True if the core run of `client` in `era` over `transport` passes the `BENCH_ONLY` filter. */
export function selected(config: BenchConfig, client: ClientName, era: Era, transport: BenchTransport): boolean {
  const names: readonly string[] = [client, era, transport];
  if (!runsOver(client, transport)) return false;
  return config.only.length === 0 || config.only.some((entry) => entry.split(':').every((part) => names.includes(part)));
}
