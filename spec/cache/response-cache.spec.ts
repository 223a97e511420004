import { createHash } from 'node:crypto';
import type { CacheEntry } from '../../lib/cache/cache-entry.js';
import type { CacheConfig } from '../../lib/cache/config.js';
import { GenerationMap, MAX_GENERATIONS } from '../../lib/cache/generations.js';
import { InMemoryResponseCacheStore } from '../../lib/cache/in-memory-store.js';
import { isPromiseLike } from '../../lib/cache/maybe-promise.js';
import type { CacheTarget } from '../../lib/cache/cache-target.js';
import { ResponseCache } from '../../lib/cache/response-cache.js';
import type { ResponseCacheStore } from '../../lib/cache/store.js';
import type { CacheWarning } from '../../lib/cache/warnings.js';
import { FlakyStore, RedisLikeStore } from '../helpers/cache-stores.js';

const MODERN = '2026-07-28';
const LEGACY = '2025-11-25';
const TOOLS: CacheTarget = { method: 'tools/list', version: MODERN };

/** A clock the test moves by hand. */
class ManualClock {
  now = 1_000_000;
  readonly read = (): number => this.now;
}

function setup(config: CacheConfig = {}, serverUrl = 'https://h/mcp') {
  const clock = new ManualClock();
  const cache = new ResponseCache({ clock: clock.read, ...config }, { serverUrl });
  const warnings: CacheWarning[] = [];
  cache.warnings$.subscribe((warning) => warnings.push(warning));
  return { cache, clock, warnings };
}

/** Writes `result` for `target` as a fetch would: capture, then write. */
function store(cache: ResponseCache, target: CacheTarget, result: unknown, mode: 'use' | 'refresh' = 'use') {
  return cache.write(target, result, { token: cache.capture(target), mode });
}

const listing = (ttlMs?: number, cacheScope?: 'public' | 'private', names: string[] = ['a']) => ({
  tools: names.map((name) => ({ name, inputSchema: { type: 'object' } })),
  ...(ttlMs === undefined ? {} : { ttlMs }),
  ...(cacheScope === undefined ? {} : { cacheScope }),
});

describe('ResponseCache with the in-memory store', () => {
  it('serves within the server ttlMs and not after (item 48); expiring exactly now is stale', () => {
    const { cache, clock } = setup();
    expect(cache.read(TOOLS)).toBeUndefined();
    expect(store(cache, TOOLS, listing(1000))).toBe(true);
    clock.now += 999;
    expect(cache.read(TOOLS)).toEqual(listing(1000));
    clock.now += 1;
    expect(cache.read(TOOLS)).toBeUndefined();
  });

  it('stores nothing without ttlMs when defaultTtlMs is 0, and privately with defaultTtlMs (item 49)', () => {
    const off = setup();
    expect(store(off.cache, TOOLS, listing())).toBe(false);
    expect(off.cache.read(TOOLS)).toBeUndefined();

    const on = setup({ defaultTtlMs: 500 });
    expect(store(on.cache, TOOLS, listing())).toBe(true);
    const entry = on.cache.store.get(on.cache.keyOf('private', TOOLS)) as CacheEntry;
    expect(entry).toMatchObject({ scope: 'private', expiresAt: on.clock.now + 500 });
    expect(on.cache.store.get(on.cache.keyOf('public', TOOLS))).toBeUndefined();
  });

  it('ignores ttlMs and cacheScope on a legacy version: defaultTtlMs only, always private (item 50)', () => {
    const legacy: CacheTarget = { method: 'tools/list', version: LEGACY };
    const off = setup();
    expect(store(off.cache, legacy, listing(60_000, 'public'))).toBe(false);
    expect(off.cache.read(legacy)).toBeUndefined();

    const on = setup({ defaultTtlMs: 100 });
    expect(store(on.cache, legacy, listing(60_000, 'public'))).toBe(true);
    expect(on.cache.store.get(on.cache.keyOf('private', legacy))).toMatchObject({ scope: 'private', expiresAt: on.clock.now + 100 });
    on.clock.now += 100;
    expect(on.cache.read(legacy)).toBeUndefined();
  });

  it('keeps protocol versions apart', () => {
    const { cache } = setup({ defaultTtlMs: 1000 });
    store(cache, { method: 'tools/list', version: LEGACY }, listing(undefined, undefined, ['legacy']));
    expect(cache.read(TOOLS)).toBeUndefined();
    expect(cache.read({ method: 'tools/list', version: LEGACY })).toEqual(listing(undefined, undefined, ['legacy']));
  });

  it('with refresh, replaces the entry; a refresh that may not be cached removes it, a use leaves it (item 51)', () => {
    const { cache } = setup();
    store(cache, TOOLS, listing(1000, 'private', ['old']));
    expect(store(cache, TOOLS, listing(1000, 'private', ['new']), 'refresh')).toBe(true);
    expect(cache.read(TOOLS)).toEqual(listing(1000, 'private', ['new']));
    expect(store(cache, TOOLS, listing(0), 'use')).toBe(false);
    expect(cache.read(TOOLS)).toEqual(listing(1000, 'private', ['new']));
    expect(store(cache, TOOLS, listing(0), 'refresh')).toBe(false);
    expect(cache.read(TOOLS)).toBeUndefined();
  });

  it('evicts on notifications: each list_changed its listing(s), resources/updated exactly one URI (item 56)', () => {
    const { cache } = setup({ defaultTtlMs: 10_000 });
    const targets = ['tools/list', 'prompts/list', 'resources/list', 'resources/templates/list'].map((method) => ({ method, version: MODERN }));
    const read = (uri: string): CacheTarget => ({ method: 'resources/read', paramsKey: uri, version: MODERN });
    for (const target of [...targets, read('file:///a'), read('file:///a/b'), read('file:///ab')]) store(cache, target, { target: target.method });
    const present = () => [...targets, read('file:///a'), read('file:///a/b'), read('file:///ab')].map((target) => cache.read(target) !== undefined);

    cache.invalidate({ method: 'notifications/tools/list_changed' }, MODERN);
    expect(present()).toEqual([false, true, true, true, true, true, true]);
    cache.invalidate({ method: 'notifications/resources/list_changed' }, MODERN);
    expect(present()).toEqual([false, true, false, false, true, true, true]);
    cache.invalidate({ method: 'notifications/resources/updated', params: { uri: 'file:///a' } }, MODERN);
    expect(present()).toEqual([false, true, false, false, false, true, true]);
    cache.invalidate({ method: 'notifications/prompts/list_changed' }, MODERN);
    cache.invalidate({ method: 'notifications/message', params: {} }, MODERN);
    expect(present()).toEqual([false, false, false, false, false, true, true]);
  });

  it('evicts only the arms of the version it is given', () => {
    const { cache } = setup({ defaultTtlMs: 10_000 });
    const legacy = { method: 'tools/list', version: LEGACY };
    store(cache, TOOLS, listing(10_000));
    store(cache, legacy, listing());
    cache.evict(TOOLS);
    expect(cache.read(TOOLS)).toBeUndefined();
    expect(cache.read(legacy)).toBeDefined();
  });

  it('drops the write of a fetch during which the key was evicted (item 57)', () => {
    const { cache } = setup();
    const token = cache.capture(TOOLS);
    cache.invalidate({ method: 'notifications/tools/list_changed' }, MODERN);
    expect(cache.write(TOOLS, listing(1000), { token })).toBe(false);
    expect(cache.read(TOOLS)).toBeUndefined();
    // a fetch that starts after the eviction writes again
    expect(store(cache, TOOLS, listing(1000))).toBe(true);
    expect(cache.read(TOOLS)).toBeDefined();
  });

  it('hands out deep-frozen values: mutating one never changes the next hit (item 58)', () => {
    const { cache } = setup();
    const fetched = listing(1000, 'private', ['a', 'b']);
    store(cache, TOOLS, fetched);
    const hit = cache.read<ReturnType<typeof listing>>(TOOLS) as ReturnType<typeof listing>;
    expect(Object.isFrozen(hit)).toBe(true);
    expect(Object.isFrozen(hit.tools[0]!.inputSchema)).toBe(true);
    expect(() => {
      hit.tools[0]!.name = 'changed';
    }).toThrow(TypeError);
    expect(() => hit.tools.pop()).toThrow(TypeError);
    expect(() => {
      (fetched.tools[1] as { name: string }).name = 'changed';
    }).toThrow(TypeError);
    expect(cache.read(TOOLS)).toEqual(listing(1000, 'private', ['a', 'b']));
    const copy = structuredClone(hit);
    copy.tools[0]!.name = 'mine';
    expect(cache.read(TOOLS)).toEqual(listing(1000, 'private', ['a', 'b']));
  });

  it('clamps ttlMs to 24 h (item 59)', () => {
    const { cache, clock } = setup();
    store(cache, TOOLS, listing(10 * 86_400_000));
    expect((cache.store.get(cache.keyOf('private', TOOLS)) as CacheEntry).expiresAt).toBe(clock.now + 86_400_000);
    clock.now += 86_400_000 - 1;
    expect(cache.read(TOOLS)).toBeDefined();
    clock.now += 1;
    expect(cache.read(TOOLS)).toBeUndefined();
  });

  it('serves public entries from the public arm, and a private result removes the public one (opposite arm)', () => {
    const { cache } = setup();
    store(cache, TOOLS, listing(1000, 'public', ['public']));
    expect(cache.store.get(cache.keyOf('public', TOOLS))).toMatchObject({ scope: 'public' });
    expect(cache.read(TOOLS)).toEqual(listing(1000, 'public', ['public']));
    store(cache, TOOLS, listing(1000, 'private', ['private']));
    expect(cache.store.get(cache.keyOf('public', TOOLS))).toBeUndefined();
    expect(cache.read(TOOLS)).toEqual(listing(1000, 'private', ['private']));
    store(cache, TOOLS, listing(1000, 'public', ['public again']));
    expect(cache.store.get(cache.keyOf('private', TOOLS))).toBeUndefined();
  });

  it('lets no stale private entry shadow a fresh public one', () => {
    const { cache, clock } = setup();
    cache.store.set(cache.keyOf('private', TOOLS), { value: 'stale private', scope: 'private', expiresAt: clock.now });
    cache.store.set(cache.keyOf('public', TOOLS), { value: 'fresh public', scope: 'public', expiresAt: clock.now + 1 });
    expect(cache.read(TOOLS)).toBe('fresh public');
  });

  it('never serves a public-arm entry whose scope is private (item 64)', () => {
    const { cache, clock } = setup();
    cache.store.set(cache.keyOf('public', TOOLS), { value: listing(), scope: 'private', expiresAt: clock.now + 10_000 });
    expect(cache.read(TOOLS)).toBeUndefined();
  });

  it('puts sha256(url without userinfo) in every store key (item 66)', () => {
    const { cache } = setup({}, 'https://user:secret@h/mcp?a=1');
    const digest = createHash('sha256').update('https://h/mcp?a=1').digest('hex');
    expect(cache.armId).toBe(digest);
    const key = cache.keyOf('private', TOOLS);
    expect(key.partition).toContain(digest);
    expect(key.partition).not.toContain('secret');
    expect(setup({}, 'https://h/mcp?a=2').cache.armId).not.toBe(digest);
  });

  it('builds the arm strings exactly as pinned (item 67)', () => {
    const store = new InMemoryResponseCacheStore();
    const cache = new ResponseCache({ store, partition: 'tenant-a', targetId: 't' });
    expect(cache.armOf('private', MODERN)).toBe(`["private","2026-07-28","${cache.armId}","tenant-a"]`);
    expect(cache.armOf('public', MODERN)).toBe(`["public","2026-07-28","${cache.armId}","tenant-a"]`);
    const sharing = new ResponseCache({ store, partition: 'tenant-a', targetId: 't', sharePublic: true });
    expect(sharing.armOf('public', MODERN)).toBe(`["public","2026-07-28","${sharing.armId}"]`);
    expect(sharing.armOf('private', MODERN)).toBe(`["private","2026-07-28","${sharing.armId}","tenant-a"]`);
  });

  it('keeps only a bounded number of generations, the oldest captured going first', () => {
    const generations = new GenerationMap(3);
    const first = generations.capture('resources/read', 'a');
    generations.capture('resources/read', 'b');
    generations.capture('resources/read', 'c');
    generations.capture('resources/read', 'a'); // captured again: now the most recent
    generations.capture('resources/read', 'd'); // pushes out b
    expect(generations.size).toBe(3);
    generations.bump('resources/read', 'a');
    expect(generations.moved(first)).toBe(true);
    generations.bump('resources/read', 'never captured');
    expect(generations.size).toBe(3);
    expect(MAX_GENERATIONS).toBe(4096);
  });

  it('does not grow the generation map for evictions of keys nobody fetched', () => {
    const { cache } = setup();
    for (let i = 0; i < 10_000; i++) cache.invalidate({ method: 'notifications/resources/updated', params: { uri: `file:///${i}` } }, MODERN);
    const token = cache.capture(TOOLS);
    expect(cache.write(TOOLS, listing(1000), { token })).toBe(true);
  });
});

describe('ResponseCache isolation on a shared store (item 63)', () => {
  const shared = () => new InMemoryResponseCacheStore();
  const client = (store: ResponseCacheStore, partition: string, sharePublic = false) =>
    new ResponseCache({ store, partition, sharePublic }, { serverUrl: 'https://h/mcp' });

  it('never shows one partition the private entries of another', () => {
    const store = shared();
    const alice = client(store, 'alice');
    const bob = client(store, 'bob');
    expect(store === alice.store && store === bob.store).toBe(true);
    expect(cache(alice).write(listing(60_000, 'private', ['alice only']))).toBe(true);
    expect(bob.read(TOOLS)).toBeUndefined();
    expect(alice.read(TOOLS)).toEqual(listing(60_000, 'private', ['alice only']));
    expect(cache(bob).write(listing(60_000, undefined, ['bob only']))).toBe(true);
    expect(alice.read(TOOLS)).toEqual(listing(60_000, 'private', ['alice only']));
    expect(bob.read(TOOLS)).toEqual(listing(60_000, undefined, ['bob only']));
  });

  it('shares public entries only between caches that both set sharePublic', () => {
    const store = shared();
    const alice = client(store, 'alice');
    const bob = client(store, 'bob');
    cache(alice).write(listing(60_000, 'public', ['public']));
    expect(bob.read(TOOLS)).toBeUndefined();

    const store2 = shared();
    const carol = client(store2, 'carol', true);
    const dave = client(store2, 'dave', true);
    const erin = client(store2, 'erin');
    cache(carol).write(listing(60_000, 'public', ['public']));
    expect(dave.read(TOOLS)).toEqual(listing(60_000, 'public', ['public']));
    expect(erin.read(TOOLS)).toBeUndefined();
    // a private result still stays home
    cache(dave).write(listing(60_000, 'private', ['dave private']));
    expect(carol.read(TOOLS)).toBeUndefined(); // dave's private write removed the shared public entry
    expect(dave.read(TOOLS)).toEqual(listing(60_000, 'private', ['dave private']));
  });

  it('keeps servers apart on the same partition', () => {
    const store = shared();
    const one = new ResponseCache({ store, partition: 'p' }, { serverUrl: 'https://one/mcp' });
    const two = new ResponseCache({ store, partition: 'p' }, { serverUrl: 'https://two/mcp' });
    cache(one).write(listing(60_000));
    expect(two.read(TOOLS)).toBeUndefined();
  });

  function cache(of: ResponseCache) {
    return { write: (result: unknown) => store(of, TOOLS, result) };
  }
});

describe('ResponseCache with a failing store (item 65)', () => {
  it.each([
    ['a synchronous store that throws', false],
    ['an asynchronous store that rejects', true],
  ])('%s: misses, skips writes, and warns once per failure burst per operation', async (_name, async) => {
    const flaky = new FlakyStore(async);
    const { cache, warnings } = setup({ store: flaky, partition: 'p' });
    flaky.failing = { get: true };
    expect(await cache.read(TOOLS)).toBeUndefined();
    expect(await cache.read(TOOLS)).toBeUndefined();
    expect(warnings.map((warning) => [warning.code, warning.operation])).toEqual([['cache-store-failed', 'get']]);
    expect(warnings[0]!.cause).toEqual(new Error('get is down'));

    flaky.failing = { set: true };
    expect(await store(cache, TOOLS, listing(1000))).toBe(false);
    expect(await store(cache, TOOLS, listing(1000))).toBe(false);
    expect(warnings.map((warning) => warning.operation)).toEqual(['get', 'set']);
    expect(flaky.data.size).toBe(0);

    // a get that succeeds ends the get burst; the next failure warns again
    flaky.failing = {};
    expect(await cache.read(TOOLS)).toBeUndefined();
    expect(await store(cache, TOOLS, listing(1000))).toBe(true);
    expect(await cache.read(TOOLS)).toEqual(listing(1000));
    flaky.failing = { get: true };
    expect(await cache.read(TOOLS)).toBeUndefined();
    expect(warnings.map((warning) => warning.operation)).toEqual(['get', 'set', 'get']);
  });

  it.each([false, true])('stores nothing when deleting the opposite arm fails (async: %s)', async (async) => {
    const flaky = new FlakyStore(async);
    const { cache, warnings } = setup({ store: flaky, partition: 'p' });
    flaky.failing = { delete: true };
    expect(await store(cache, TOOLS, listing(1000))).toBe(false);
    expect(flaky.data.size).toBe(0);
    expect(warnings.map((warning) => warning.operation)).toEqual(['delete']);
    flaky.failing = {};
    await cache.evict(TOOLS);
    expect(await store(cache, TOOLS, listing(1000))).toBe(true);
  });

  it('treats something that is not an entry as a warned miss', () => {
    const { cache, warnings } = setup();
    (cache.store as InMemoryResponseCacheStore).set(cache.keyOf('private', TOOLS), { nonsense: true } as unknown as CacheEntry);
    expect(cache.read(TOOLS)).toBeUndefined();
    expect(warnings).toEqual([expect.objectContaining({ code: 'cache-entry-invalid', operation: 'get' })]);
  });

  it('reports on warnings$ and never on the console', () => {
    const flaky = new FlakyStore(false);
    const spies = (['log', 'warn', 'error', 'info', 'debug'] as const).map((name) => jest.spyOn(console, name).mockImplementation(() => undefined));
    try {
      const { cache, warnings } = setup({ store: flaky, partition: 'p' });
      flaky.failing = { get: true, set: true, delete: true };
      cache.read(TOOLS);
      store(cache, TOOLS, listing(1000));
      cache.evict(TOOLS);
      expect(warnings.length).toBe(2);
      for (const spy of spies) expect(spy).not.toHaveBeenCalled();
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });

  it('completes warnings$ on close', () => {
    const { cache } = setup();
    let completed = false;
    cache.warnings$.subscribe({ complete: () => (completed = true) });
    cache.close();
    expect(completed).toBe(true);
  });
});

describe('ResponseCache with a store that evicts for all its sharers (store.evict)', () => {
  /** The Redis stand-in, with an `evict` that records its calls. */
  class EvictingStore extends RedisLikeStore {
    async evict(key: Parameters<RedisLikeStore['delete']>[0]): Promise<void> {
      this.calls.push(`evict ${key.method} ${key.partition}`);
      await this.delete(key);
    }
  }

  it('evicts through store.evict (both arms) on a change notification, and replaces entries through delete', async () => {
    const shared = new EvictingStore();
    const { cache } = setup({ store: shared, partition: 'tenant-a', defaultTtlMs: 60_000 });
    expect(await store(cache, TOOLS, listing(60_000))).toBe(true);
    expect(shared.calls).toEqual(['delete tools/list', 'set tools/list']);
    shared.calls.length = 0;
    await cache.invalidate({ method: 'notifications/tools/list_changed' }, MODERN);
    expect(shared.calls.filter((call) => call.startsWith('evict'))).toEqual([
      `evict tools/list ${cache.armOf('private', MODERN)}`,
      `evict tools/list ${cache.armOf('public', MODERN)}`,
    ]);
    expect(await cache.read(TOOLS)).toBeUndefined();
  });
});

describe('ResponseCache with an async, serializing store (a Redis stand-in)', () => {
  const redisCache = (store: RedisLikeStore, partition: string, clock: ManualClock) =>
    new ResponseCache({ store, partition, clock: clock.read }, { serverUrl: 'https://h/mcp' });

  it('answers with Promises, serves fresh entries, and freezes what it rebuilds', async () => {
    const redis = new RedisLikeStore();
    const clock = new ManualClock();
    const cache = redisCache(redis, 'tenant', clock);
    const miss = cache.read(TOOLS);
    expect(isPromiseLike(miss)).toBe(true);
    expect(await miss).toBeUndefined();
    expect(await store(cache, TOOLS, listing(1000))).toBe(true);
    const hit = (await cache.read(TOOLS)) as ReturnType<typeof listing>;
    expect(hit).toEqual(listing(1000));
    expect(Object.isFrozen(hit.tools[0])).toBe(true);
    clock.now += 1000;
    expect(await cache.read(TOOLS)).toBeUndefined();
  });

  it('keeps partitions apart in one store, and evicts across the arms of one version', async () => {
    const redis = new RedisLikeStore();
    const clock = new ManualClock();
    const alice = redisCache(redis, 'alice', clock);
    const bob = redisCache(redis, 'bob', clock);
    await store(alice, TOOLS, listing(1000));
    expect(await bob.read(TOOLS)).toBeUndefined();
    expect(await alice.read(TOOLS)).toEqual(listing(1000));
    await alice.invalidate({ method: 'notifications/tools/list_changed' }, MODERN);
    expect(await alice.read(TOOLS)).toBeUndefined();
    expect(redis.data.size).toBe(0);
  });

  it('deletes its entry again when an eviction lands while the set is under way (item 57, async)', async () => {
    const redis = new RedisLikeStore();
    const cache = redisCache(redis, 'p', new ManualClock());
    const token = cache.capture(TOOLS);
    const writing = cache.write(TOOLS, listing(1000), { token });
    // the write is waiting on the store (deleting the opposite arm, then setting its own)
    await new Promise((resolve) => setImmediate(resolve));
    await cache.evict(TOOLS);
    expect(await writing).toBe(false);
    expect(await cache.read(TOOLS)).toBeUndefined();
    expect(redis.data.size).toBe(0);
  });
});
