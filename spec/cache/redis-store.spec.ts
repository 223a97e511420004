/**
 * `RedisResponseCacheStore` against a real redis-server (started per file on a free port, no
 * persistence): keys that never collide, exact round trips, TTL in Redis, partition isolation
 * under concurrency, evictions that reach every partition and every connection, wrong-shape
 * entries, and Redis killed or stalled (misses with a warning, never a failed or hanging call).
 */
import { Redis } from 'ioredis';
import type { CacheEntry } from '../../lib/cache/cache-entry.js';
import { armString, type CacheKey } from '../../lib/cache/cache-key.js';
import type { CacheTarget } from '../../lib/cache/cache-target.js';
import { CacheConfigError } from '../../lib/cache/errors.js';
import { ResponseCache } from '../../lib/cache/response-cache.js';
import type { CacheWarning } from '../../lib/cache/warnings.js';
import { RedisResponseCacheStore } from '../../lib/redis.js';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.js';

const VERSION = '2025-11-25';
const TOOLS: CacheTarget = { method: 'tools/list', version: VERSION };
const ARM = 'a'.repeat(64);

let redis: RedisServer;
/** A plain client of the test's own, to look at (and tamper with) what the stores wrote. */
let raw: Redis;
const stores: RedisResponseCacheStore[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
  raw = new Redis(redis.url);
});

afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
  if (raw.status === 'ready') await raw.flushall();
});

afterAll(async () => {
  raw.disconnect();
  await redis.stop();
});

/** A store of its own connection, ready, closed after the test. */
async function connectStore(options: ConstructorParameters<typeof RedisResponseCacheStore>[0] = {}): Promise<RedisResponseCacheStore> {
  const store = new RedisResponseCacheStore({ url: redis.url, ...options });
  stores.push(store);
  expect(await store.ready(5_000)).toBe(true);
  return store;
}

/** A client's cache on `store`, with its warnings collected. */
function cacheOn(store: RedisResponseCacheStore, partition: string, defaultTtlMs = 60_000) {
  const cache = new ResponseCache({ store, partition, targetId: 'server-1', defaultTtlMs }, {});
  const warnings: CacheWarning[] = [];
  cache.warnings$.subscribe((warning) => warnings.push(warning));
  return { cache, warnings };
}

/** Writes `result` as a fetch would: capture, then write. */
function write(cache: ResponseCache, result: unknown): Promise<boolean> {
  return Promise.resolve(cache.write(TOOLS, result, { token: cache.capture(TOOLS) }));
}

const entry = (value: unknown, ttlMs = 60_000): CacheEntry => ({ value, scope: 'private', expiresAt: Date.now() + ttlMs });
const arm = (partition: string): string => armString({ scope: 'private', version: VERSION, armId: ARM, partition, sharePublic: false });

describe('RedisResponseCacheStore', () => {
  it('keys never collide, however adversarial the fields (separators, JSON, quotes, NUL, lone surrogates, arm strings)', async () => {
    // ~1,400 writes then ~1,400 reads go out at once: on a loaded machine the last of them wait
    // longer than the store's default 500 ms bound per command, which is not what this test is about
    const store = await connectStore({ commandTimeoutMs: 20_000 });
    const tricky = ['', ':', 'a:b', 'a', 'b:c', '"', '\\', '","', '["a","b"]', '[', ']', '\u0000', '\n', 'é', 'e\u0301', '\ud800', '\udc00x', '*', '{tag}', ' '];
    const keys: CacheKey[] = [];
    for (const method of ['tools/list', 'tools/list:', 'a']) {
      for (const paramsKey of tricky) for (const partition of [...tricky, arm(''), arm('a:b'), arm('"')]) keys.push({ method, paramsKey, partition });
    }
    // the classic flattening collisions are in the set
    keys.push({ method: 'a:b', paramsKey: 'c', partition: 'p' }, { method: 'a', paramsKey: 'b:c', partition: 'p' });
    await Promise.all(keys.map((key, index) => store.set(key, entry({ index }))));
    const found = await Promise.all(keys.map((key) => store.get(key)));
    expect(found.map((got) => (got?.value as { index: number } | undefined)?.index)).toEqual(keys.map((_, index) => index));
    expect(await raw.keys('rxmcp:cache:e*')).toHaveLength(keys.length);
  });

  it('gives back exactly the value stored: nested JSON, unicode, number edge cases, __proto__ keys', async () => {
    const store = await connectStore();
    const value = JSON.parse(
      '{"tools":[{"name":"t\\u00e9\\ud83d\\ude00","inputSchema":{"type":"object","properties":{}},"annotations":null}],"n":[0,1e-7,9007199254740993,-1.5e300,123456789.123456789],"empty":{},"list":[],"s":"\\u0000\\n\\"","__proto__":{"x":1},"lone":"\\ud800"}',
    ) as unknown;
    await store.set({ method: 'tools/list', paramsKey: '', partition: arm('p') }, entry(value));
    const got = await store.get({ method: 'tools/list', paramsKey: '', partition: arm('p') });
    expect(got).toEqual({ value, scope: 'private', expiresAt: expect.any(Number) });
    expect(JSON.stringify(got!.value)).toBe(JSON.stringify(value));
    expect(Object.prototype.hasOwnProperty.call(got!.value, '__proto__')).toBe(true);
  });

  it('writes the TTL into Redis (PX), and Redis drops the entry when it goes stale', async () => {
    const store = await connectStore();
    const key = { method: 'tools/list', paramsKey: '', partition: arm('p') };
    const subscriber = new Redis(redis.url);
    try {
      await subscriber.subscribe('__keyevent@0__:expired');
      const expired = new Promise<string>((resolve) => subscriber.on('message', (_channel: string, name: string) => (name.startsWith('rxmcp:cache:e') ? resolve(name) : undefined)));
      await store.set(key, entry({ tools: [] }, 60_000));
      const [entryKey] = await raw.keys('rxmcp:cache:e*');
      const ttl = await raw.pttl(entryKey!);
      expect(ttl).toBeGreaterThan(50_000);
      expect(ttl).toBeLessThanOrEqual(60_000);
      // a short one: Redis expires it by itself (awaited as its keyspace event, not slept for)
      await store.set(key, entry({ tools: [] }, 30));
      expect(await expired).toBe(entryKey);
      expect(await store.get(key)).toBeUndefined();
      expect(await raw.exists(entryKey!)).toBe(0);
    } finally {
      subscriber.disconnect();
    }
  });

  it('keeps partitions apart under concurrency: 4 partitions on 2 connections, 200 interleaved writes and reads', async () => {
    const stores = [await connectStore(), await connectStore()];
    const partitions = ['tenant-a', 'tenant-b', 'tenant-a:', ':tenant-b'];
    const rounds = await Promise.all(
      Array.from({ length: 200 }, async (_, round) => {
        const partition = partitions[round % partitions.length]!;
        const store = stores[round % 2]!;
        const key = { method: 'resources/read', paramsKey: `file:///${round % 10}`, partition: arm(partition) };
        await store.set(key, entry({ partition, uri: key.paramsKey }));
        const got = await stores[(round + 1) % 2]!.get(key);
        return got?.value as { partition: string; uri: string } | undefined;
      }),
    );
    for (const [round, value] of rounds.entries()) {
      expect(value).toEqual({ partition: partitions[round % partitions.length], uri: `file:///${round % 10}` });
    }
  });

  it('an eviction reaches every partition and every connection, and stops a write whose lookup came before it', async () => {
    const [here, there] = [await connectStore(), await connectStore()];
    const a = cacheOn(here, 'tenant-a');
    const b = cacheOn(there, 'tenant-b');
    await write(a.cache, { tools: [{ name: 'old-a' }] });
    await write(b.cache, { tools: [{ name: 'old-b' }] });
    expect(await b.cache.read(TOOLS)).toEqual({ tools: [{ name: 'old-b' }] });

    // tenant-a's process sees tools/list_changed: tenant-b's entry, in another process, is gone too
    await a.cache.invalidate({ method: 'notifications/tools/list_changed' }, VERSION);
    expect(await b.cache.read(TOOLS)).toBeUndefined();
    expect(await a.cache.read(TOOLS)).toBeUndefined();

    // a lookup (miss) in tenant-b, its fetch in flight, then an eviction elsewhere: the late result is not stored
    const token = b.cache.capture(TOOLS);
    expect(await b.cache.read(TOOLS)).toBeUndefined();
    await a.cache.invalidate({ method: 'notifications/tools/list_changed' }, VERSION);
    await b.cache.write(TOOLS, { tools: [{ name: 'stale' }] }, { token });
    expect(await b.cache.read(TOOLS)).toBeUndefined();
    // the next fetch after the eviction is stored and served
    await write(b.cache, { tools: [{ name: 'new' }] });
    expect(await b.cache.read(TOOLS)).toEqual({ tools: [{ name: 'new' }] });
    expect([...a.warnings, ...b.warnings]).toEqual([]);
  });

  it('is bounded by Redis eviction: under maxmemory with allkeys-lru, writes keep succeeding and what Redis dropped is a miss', async () => {
    const store = await connectStore();
    await raw.config('SET', 'maxmemory', '4mb');
    await raw.config('SET', 'maxmemory-policy', 'allkeys-lru');
    try {
      const big = 'x'.repeat(20_000);
      const keys = Array.from({ length: 600 }, (_, i) => ({ method: 'resources/read', paramsKey: `file:///${i}`, partition: arm('p') }));
      for (const [i, key] of keys.entries()) await store.set(key, entry({ i, big }));
      const memory = Number(/used_memory:(\d+)/.exec(await raw.info('memory'))![1]);
      expect(memory).toBeLessThan(6 * 1024 * 1024);
      const found = await Promise.all(keys.map((key) => store.get(key)));
      const kept = found.filter((got) => got !== undefined);
      expect(kept.length).toBeGreaterThan(0);
      expect(kept.length).toBeLessThan(keys.length);
      // every entry still there is exactly its own (an entry whose generation Redis dropped is a miss)
      for (const [i, got] of found.entries()) if (got !== undefined) expect(got.value).toEqual({ i, big });
    } finally {
      await raw.config('SET', 'maxmemory', '0');
      await raw.config('SET', 'maxmemory-policy', 'noeviction');
    }
  });

  it('a wrong-shape entry is a miss with a cache-entry-invalid warning, never an error', async () => {
    const store = await connectStore();
    const { cache, warnings } = cacheOn(store, 'tenant-a');
    await write(cache, { tools: [] });
    const [entryKey] = await raw.keys('rxmcp:cache:e*');
    for (const garbage of ['not json at all', 'token {"value":1,"scope":"public","expiresAt":null}', 'token {"s":"weird","x":null,"v":1}', 'token [1,2]']) {
      await raw.set(entryKey!, garbage);
      expect(await cache.read(TOOLS)).toBeUndefined();
    }
    // one warning per read: each read's public-arm lookup succeeds (nothing there), which ends the burst
    expect(warnings.map((warning) => [warning.code, warning.operation])).toEqual(Array(4).fill(['cache-entry-invalid', 'get']));
    // a hash where a string should be: a miss with a warning too
    await raw.del(entryKey!);
    await raw.hset(entryKey!, 'v', '1');
    expect(await cache.read(TOOLS)).toBeUndefined();
  });

  it('Redis killed: lookups miss at once and writes are skipped, one warning per burst; after a restart it caches again', async () => {
    const store = await connectStore();
    const { cache, warnings } = cacheOn(store, 'tenant-a');
    await write(cache, { tools: [{ name: 'before' }] });
    await redis.kill();
    expect(await cache.read(TOOLS)).toBeUndefined();
    expect(await cache.read(TOOLS)).toBeUndefined();
    expect(await write(cache, { tools: [] })).toBe(false);
    expect(warnings.map((warning) => [warning.code, warning.operation])).toEqual([
      ['cache-store-failed', 'get'],
      ['cache-store-failed', 'delete'],
    ]);
    await redis.restart();
    expect(await store.ready(10_000)).toBe(true);
    expect(await write(cache, { tools: [{ name: 'after' }] })).toBe(true);
    expect(await cache.read(TOOLS)).toEqual({ tools: [{ name: 'after' }] });
  });

  it('Redis not there from the start: misses with a warning, no hang, nothing on the console, ready() says false', async () => {
    const console_ = [jest.spyOn(console, 'error'), jest.spyOn(console, 'warn'), jest.spyOn(console, 'log')];
    try {
      // port 1 on the loopback: nothing listens, connecting is refused
      const closed = new RedisResponseCacheStore({ url: 'redis://127.0.0.1:1', connectTimeoutMs: 200 });
      stores.push(closed);
      expect(await closed.ready(300)).toBe(false);
      const { cache, warnings } = cacheOn(closed, 'tenant-a');
      expect(await cache.read(TOOLS)).toBeUndefined();
      expect(await write(cache, { tools: [] })).toBe(false);
      expect(warnings.map((warning) => warning.code)).toEqual(['cache-store-failed', 'cache-store-failed']);
      expect(closed.lastError?.message).toMatch(/ECONNREFUSED/);
      for (const spy of console_) expect(spy).not.toHaveBeenCalled();
    } finally {
      for (const spy of console_) spy.mockRestore();
    }
  });

  it('Redis stalled (SIGSTOP): a lookup gives up after the command timeout and misses, it does not hang', async () => {
    const store = await connectStore({ commandTimeoutMs: 200 });
    const { cache, warnings } = cacheOn(store, 'tenant-a');
    await write(cache, { tools: [] });
    redis.child.kill('SIGSTOP');
    try {
      expect(await cache.read(TOOLS)).toBeUndefined();
      expect(warnings.map((warning) => warning.code)).toEqual(['cache-store-failed']);
      expect(String((warnings[0]!.cause as Error).message)).toMatch(/timed out/i);
    } finally {
      redis.child.kill('SIGCONT');
    }
  });

  it('refuses contradictory or invalid options with a CacheConfigError naming the option', () => {
    const client = new Redis({ lazyConnect: true });
    try {
      expect(() => new RedisResponseCacheStore({ url: redis.url, client })).toThrow(CacheConfigError);
      expect(() => new RedisResponseCacheStore({ client, commandTimeoutMs: 0 })).toThrow(expect.objectContaining({ option: 'store.commandTimeoutMs' }));
      expect(() => new RedisResponseCacheStore({ client, evictionHoldMs: Number.NaN })).toThrow(expect.objectContaining({ option: 'store.evictionHoldMs' }));
    } finally {
      client.disconnect();
    }
  });

  it('clear() removes every key under its prefix and nothing else', async () => {
    const store = await connectStore({ keyPrefix: 'fleet-1*:' });
    const other = await connectStore({ keyPrefix: 'fleet-1x:' });
    const key = { method: 'tools/list', paramsKey: '', partition: arm('p') };
    await store.set(key, entry(1));
    await other.set(key, entry(2));
    await store.evict(key);
    await store.clear();
    expect(await raw.keys('fleet-1\\**')).toEqual([]);
    expect((await other.get(key))?.value).toBe(2);
  });
});
