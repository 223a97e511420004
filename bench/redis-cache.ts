/**
 * The Redis cache figures of issue 16, against a real redis-server on the loopback and the
 * fixture HTTP server:
 *
 * - the latency of a `tools/list` cache hit (`ResponseCache.read`, a listing of 20 tools) through
 *   `RedisResponseCacheStore` (one `MGET` round trip, the JSON parse and the deep freeze), next
 *   to the same hit on the in-memory store; median and p99 of single sequential reads;
 * - the `tools/list` requests that reach the server when `BENCH_REDIS_PROCESSES` (8) client
 *   processes each call `listTools()` `BENCH_REDIS_CALLS` (1,000) times, one after the other:
 *   one process first, then the rest at once (a warm fleet that new processes join), and all
 *   starting at once (every first call misses: the cold start); with the shared Redis store, with
 *   each process's own in-memory cache, and without a cache (processes × calls, not run).
 *
 *   npm run bench:redis
 *   BENCH_REDIS_CALLS=100 BENCH_REDIS_HITS=2000 npm run bench:redis     (small counts)
 *
 * Needs `redis-server` on the PATH (Debian's package). Prints a table and writes
 * bench/results/redis-cache.json. Figures are reported, never asserted.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ResponseCache, type CacheTarget } from 'rxmcp';
import { RedisResponseCacheStore } from 'rxmcp/redis';
import { startListeningProcess } from '../spec/helpers/listening-process.js';
import { startCacheWorker, type CacheWorker } from '../spec/helpers/redis-cache-workers.js';
import { startRedisServer } from '../spec/helpers/redis-server.js';
import { fixed, formatTable } from './table.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const PROCESSES = Number(process.env.BENCH_REDIS_PROCESSES ?? 8);
const CALLS = Number(process.env.BENCH_REDIS_CALLS ?? 1_000);
const HITS = Number(process.env.BENCH_REDIS_HITS ?? 10_000);
const TOOLS: CacheTarget = { method: 'tools/list', version: '2026-07-28' };

/** A `tools/list` result of 20 tools of a realistic shape. */
function listing(): unknown {
  const tools = Array.from({ length: 20 }, (_, i) => ({
    name: `tool_${i}`,
    description: `Does thing number ${i}, carefully, and reports what it did.`,
    inputSchema: { type: 'object', properties: { path: { type: 'string' }, depth: { type: 'integer', minimum: 0 } }, required: ['path'] },
    annotations: { readOnlyHint: true },
  }));
  return { tools, ttlMs: 3_600_000, cacheScope: 'private' };
}

/** Median and p99 microseconds of `HITS` sequential reads of a warm entry. */
async function hitLatency(cache: ResponseCache): Promise<{ medianUs: number; p99Us: number }> {
  await cache.write(TOOLS, listing(), { token: cache.capture(TOOLS) });
  for (let i = 0; i < Math.min(1_000, HITS); i++) await cache.read(TOOLS);
  const samples: number[] = [];
  for (let i = 0; i < HITS; i++) {
    const start = process.hrtime.bigint();
    const hit = await cache.read(TOOLS);
    samples.push(Number(process.hrtime.bigint() - start) / 1_000);
    if (hit === undefined) throw new Error('the warm entry missed');
  }
  samples.sort((a, b) => a - b);
  return { medianUs: samples[Math.floor(samples.length / 2)]!, p99Us: samples[Math.floor(samples.length * 0.99)]! };
}

/**
 * The `tools/list` requests the server saw while `PROCESSES` workers of `kind` ran `CALLS`
 * sequential listTools each: all at once (`cold`: every first call races), or one process first
 * and then the others at once (`warm`: a fleet joined by new processes). Redis is emptied first.
 */
async function fleetRequests(kind: 'redis' | 'memory', redisUrl: string, start: 'cold' | 'warm'): Promise<number> {
  const cleaner = new RedisResponseCacheStore({ url: redisUrl });
  await cleaner.ready(5_000);
  await cleaner.clear();
  await cleaner.close();
  const server = await startListeningProcess([join(ROOT, 'spec', 'fixtures', 'fixture-http-server.mjs'), '--exit-on-stdin-end'], { timeoutMs: 15_000 });
  const origin = `http://127.0.0.1:${server.port}`;
  const workers: CacheWorker[] = [];
  try {
    workers.push(...(await Promise.all(Array.from({ length: PROCESSES }, () => startCacheWorker(ROOT, `${origin}/mcp`, redisUrl, 'bench', kind)))));
    const [first, ...others] = workers;
    if (start === 'warm') await first!.send({ op: 'list', count: CALLS, sequential: true });
    await Promise.all((start === 'warm' ? others : workers).map((worker) => worker.send({ op: 'list', count: CALLS, sequential: true })));
    const { requests } = (await (await fetch(`${origin}/admin/requests`)).json()) as { requests: Record<string, number> };
    return requests['tools/list'] ?? 0;
  } finally {
    await Promise.all(workers.map((worker) => worker.stop()));
    await server.stop();
  }
}

const redis = await startRedisServer();
try {
  const store = new RedisResponseCacheStore({ url: redis.url });
  if (!(await store.ready(5_000))) throw new Error('Redis did not become ready');
  const viaRedis = await hitLatency(new ResponseCache({ store, partition: 'bench' }, { serverUrl: 'https://bench.example/mcp' }));
  await store.close();
  const inMemory = await hitLatency(new ResponseCache({}, { serverUrl: 'https://bench.example/mcp' }));

  const shared = await fleetRequests('redis', redis.url, 'warm');
  const perProcess = await fleetRequests('memory', redis.url, 'warm');
  const sharedCold = await fleetRequests('redis', redis.url, 'cold');
  const perProcessCold = await fleetRequests('memory', redis.url, 'cold');
  const uncached = PROCESSES * CALLS;

  const results = {
    machine: { cpus: os.cpus().length, node: process.version },
    hit: { redisMedianUs: viaRedis.medianUs, redisP99Us: viaRedis.p99Us, memoryMedianUs: inMemory.medianUs, memoryP99Us: inMemory.p99Us, samples: HITS },
    fleet: {
      processes: PROCESSES,
      callsPerProcess: CALLS,
      uncached,
      warm: { sharedRedis: shared, perProcessMemory: perProcess, savedBySharedRedis: uncached - shared, savedByMemory: uncached - perProcess },
      cold: { sharedRedis: sharedCold, perProcessMemory: perProcessCold },
    },
  };
  process.stdout.write(
    `${formatTable(
      ['figure', 'Redis store', 'in-memory store'],
      [
        ['tools/list hit, median (µs)', fixed(viaRedis.medianUs, 1), fixed(inMemory.medianUs, 2)],
        ['tools/list hit, p99 (µs)', fixed(viaRedis.p99Us, 1), fixed(inMemory.p99Us, 2)],
        [`wire tools/list, ${PROCESSES} processes × ${CALLS} calls, one first (uncached: ${uncached})`, String(shared), `${perProcess} (one cache per process)`],
        ['wire requests saved', String(uncached - shared), String(uncached - perProcess)],
        [`wire tools/list, all ${PROCESSES} starting at once`, String(sharedCold), String(perProcessCold)],
      ],
    )}\n`,
  );
  mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
  writeFileSync(join(ROOT, 'bench', 'results', 'redis-cache.json'), `${JSON.stringify(results, null, 2)}\n`);
} finally {
  await redis.stop();
}
