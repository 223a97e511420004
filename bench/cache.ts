/**
 * The cache and retry figures of issue 5, in one process:
 *
 * - the median cost of a `tools/list` cache hit through `ResponseCache` + `cacheThrough` with the
 *   in-memory store, to the resolved Promise a `listTools()` caller awaits (target: under 5 µs),
 *   and its parts (a bare `read`, a synchronous subscribe);
 * - how many fetches 1,000 concurrent identical calls make (target: 1);
 * - deep-freeze once versus a copy per hit: the per-hit and per-write cost of each way of keeping
 *   cached values unshared, at three result sizes;
 * - a retry storm: 100 calls failing with a transient error under the default policy, on real
 *   timers, against the bound of their capped waits.
 *
 *   tsx --conditions=rxmcp-source bench/cache.ts        (the sources)
 *   npm run build && tsx bench/cache.ts                 (the built package)
 *
 * `BENCH_CACHE_SAMPLES` (default 31) sets the number of timed batches (about 5 ms each) per figure. Prints a table
 * and writes bench/results/cache.json. Figures are reported, never asserted.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defer, firstValueFrom, lastValueFrom, Subject, throwError, type Observable } from 'rxjs';
import { cacheThrough, DEFAULT_RETRY_POLICY, ResponseCache, retryTransient, StreamBrokenError, type CacheTarget, type RequestEvent } from 'rxmcp';
import { deepFreeze } from 'rxmcp/internal';
import { fixed, formatTable } from './table.js';

const SAMPLES = Number(process.env.BENCH_CACHE_SAMPLES ?? 31);
const TOOLS: CacheTarget = { method: 'tools/list', version: '2026-07-28' };

type Listing = { tools: unknown[]; ttlMs: number; cacheScope: 'private' };

/** A `tools/list` result with `count` tools of a realistic shape (schema, annotations). */
function listing(count: number): Listing {
  const tools = Array.from({ length: count }, (_, i) => ({
    name: `tool_${i}`,
    title: `Tool ${i}`,
    description: `Does thing number ${i}, carefully, and reports what it did.`,
    inputSchema: {
      type: 'object',
      properties: { path: { type: 'string', description: 'Where' }, depth: { type: 'integer', minimum: 0 }, tags: { type: 'array', items: { type: 'string' } } },
      required: ['path'],
    },
    annotations: { readOnlyHint: true, openWorldHint: false },
  }));
  return { tools, ttlMs: 3_600_000, cacheScope: 'private' };
}

/**
 * Median nanoseconds per operation of `run`, over `SAMPLES` timed batches of about 20 ms each,
 * after a warm-up. `prepare(iterations)`, when given, builds a batch's input outside the timing.
 */
async function median<S = undefined>(run: (iterations: number, state: S) => unknown, prepare?: (iterations: number) => S): Promise<number> {
  const timed = async (iterations: number): Promise<number> => {
    const state = prepare === undefined ? (undefined as S) : prepare(iterations);
    const start = process.hrtime.bigint();
    await run(iterations, state);
    return Number(process.hrtime.bigint() - start);
  };
  // Calibrate: grow the batch until it takes 2 ms, then size batches to about 20 ms.
  let iterations = 1;
  for (;;) {
    const elapsed = await timed(iterations);
    if (elapsed >= 2_000_000 || iterations >= 1 << 24) {
      iterations = Math.max(1, Math.round((iterations * 20_000_000) / elapsed));
      break;
    }
    iterations *= 4;
  }
  for (let warm = 0; warm < 10; warm++) await timed(iterations);
  const samples: number[] = [];
  for (let sample = 0; sample < SAMPLES; sample++) samples.push((await timed(iterations)) / iterations);
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}

/** A cache warmed with `value` for tools/list, and a fetch that must never be needed. */
function warmCache(value: Listing): { cache: ResponseCache; fetch$: Observable<RequestEvent<Listing>> } {
  const cache = new ResponseCache({}, { serverUrl: 'https://bench.example/mcp' });
  cache.write(TOOLS, value, { token: cache.capture(TOOLS) });
  const fetch$ = defer((): Observable<RequestEvent<Listing>> => {
    throw new Error('a hit must not fetch');
  });
  return { cache, fetch$ };
}

async function hitCosts(size: number) {
  const { cache, fetch$ } = warmCache(listing(size));
  const cached$ = fetch$.pipe(cacheThrough<Listing>(cache, TOOLS));
  const read = await median((n) => {
    for (let i = 0; i < n; i++) cache.read(TOOLS);
  });
  const subscribe = await median((n) => {
    for (let i = 0; i < n; i++) cached$.subscribe();
  });
  const promise = await median(async (n) => {
    for (let i = 0; i < n; i++) await firstValueFrom(cached$);
  });
  return { size, readNs: read, subscribeNs: subscribe, promiseNs: promise };
}

async function coalescing(): Promise<{ calls: number; fetches: number }> {
  const cache = new ResponseCache({}, { serverUrl: 'https://bench.example/mcp' });
  const answer = new Subject<RequestEvent<Listing>>();
  let fetches = 0;
  const fetch$ = defer(() => {
    fetches++;
    return answer;
  });
  const calls = Array.from({ length: 1000 }, () => lastValueFrom(fetch$.pipe(cacheThrough<Listing>(cache, TOOLS))));
  answer.next({ type: 'result', result: listing(20) });
  answer.complete();
  await Promise.all(calls);
  return { calls: calls.length, fetches };
}

/** A plain recursive copy of a JSON value: the fastest copy we know. */
function jsonCopy(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(jsonCopy);
  const copy: Record<string, unknown> = {};
  for (const key in value) copy[key] = jsonCopy((value as Record<string, unknown>)[key]);
  return copy;
}

async function freezeVersusCopy(size: number) {
  const value = listing(size);
  const text = JSON.stringify(value);
  const frozen = deepFreeze(jsonCopy(value));
  const perHit = {
    frozen: await median((n) => {
      for (let i = 0; i < n; i++) deepFreeze(frozen); // what a hit does: a WeakSet lookup
    }),
    recursiveCopy: await median((n) => {
      for (let i = 0; i < n; i++) jsonCopy(value);
    }),
    jsonParse: await median((n) => {
      for (let i = 0; i < n; i++) JSON.parse(text);
    }),
    structuredClone: await median((n) => {
      for (let i = 0; i < n; i++) structuredClone(value);
    }),
  };
  const perWrite = {
    // freezing fresh results (built outside the timing), as each write does once
    deepFreeze: await median(
      (n, fresh: unknown[]) => {
        for (let i = 0; i < n; i++) deepFreeze(fresh[i]);
      },
      (n) => Array.from({ length: n }, () => JSON.parse(text) as unknown),
    ),
    recursiveCopy: await median((n) => {
      for (let i = 0; i < n; i++) jsonCopy(value);
    }),
  };
  return { size, bytes: text.length, perHit, perWrite };
}

async function retryStorm() {
  const calls = 100;
  const failure = new StreamBrokenError('tools/list', 'the stream ended');
  let attempts = 0;
  const failing$ = defer(() => {
    attempts++;
    return throwError(() => failure);
  });
  const start = performance.now();
  const outcomes = await Promise.allSettled(Array.from({ length: calls }, () => lastValueFrom(failing$.pipe(retryTransient(DEFAULT_RETRY_POLICY)))));
  const wallMs = performance.now() - start;
  const { initialDelayMs, maxDelayMs, factor, maxAttempts } = DEFAULT_RETRY_POLICY;
  let boundMs = 0;
  for (let retry = 1; retry < maxAttempts; retry++) boundMs += Math.min(maxDelayMs, initialDelayMs * factor ** (retry - 1));
  return { calls, attempts, rejected: outcomes.filter((outcome) => outcome.status === 'rejected').length, wallMs, boundMs };
}

async function main(): Promise<void> {
  const hits = [];
  for (const size of [1, 20, 100]) hits.push(await hitCosts(size));
  const coalesced = await coalescing();
  const freezing = [];
  for (const size of [1, 20, 100]) freezing.push(await freezeVersusCopy(size));
  const storm = await retryStorm();

  const us = (ns: number): string => fixed(ns / 1000, 3);
  const out: string[] = [];
  out.push(`rxmcp cache bench: median of ${SAMPLES} batches; node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown CPU'}`, '');
  out.push(
    formatTable(
      ['tools/list hit (in-memory store)', 'read() µs', 'subscribe µs', 'to a resolved Promise µs', 'target'],
      hits.map((hit) => [`${hit.size} tool(s)`, us(hit.readNs), us(hit.subscribeNs), us(hit.promiseNs), hit.promiseNs < 5000 ? '< 5 µs: met' : '< 5 µs: MISSED']),
    ),
    '',
  );
  out.push(`1,000 concurrent identical calls: ${coalesced.fetches} fetch(es) (target 1)`, '');
  out.push(
    formatTable(
      ['unshared values', 'JSON bytes', 'hit: frozen µs', 'hit: recursive copy µs', 'hit: JSON.parse µs', 'hit: structuredClone µs', 'write: deepFreeze µs', 'write: copy µs'],
      freezing.map((row) => [
        `${row.size} tool(s)`,
        String(row.bytes),
        us(row.perHit.frozen),
        us(row.perHit.recursiveCopy),
        us(row.perHit.jsonParse),
        us(row.perHit.structuredClone),
        us(row.perWrite.deepFreeze),
        us(row.perWrite.recursiveCopy),
      ]),
    ),
    '',
  );
  out.push(
    `retry storm: ${storm.calls} calls failing with StreamBrokenError, default policy (${DEFAULT_RETRY_POLICY.maxAttempts} attempts): ` +
      `${storm.attempts} attempts, ${storm.rejected} rejected, ${fixed(storm.wallMs, 1)} ms wall (bound: waits of at most ${storm.boundMs} ms)`,
  );
  process.stdout.write(`${out.join('\n')}\n`);

  const resultsDir = join(dirname(fileURLToPath(import.meta.url)), 'results');
  mkdirSync(resultsDir, { recursive: true });
  const report = { date: new Date().toISOString(), node: process.version, cpu: os.cpus()[0]?.model, samples: SAMPLES, hits, coalesced, freezing, storm };
  writeFileSync(join(resultsDir, 'cache.json'), `${JSON.stringify(report, null, 2)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`cache bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
