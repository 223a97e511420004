import { defer, firstValueFrom, lastValueFrom, of, Subject, toArray, type Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { InMemoryResponseCacheStore } from '../../lib/cache/in-memory-store.js';
import type { CacheTarget } from '../../lib/cache/cache-target.js';
import { ResponseCache } from '../../lib/cache/response-cache.js';
import type { RequestEvent } from '../../lib/dispatch/request-events.js';
import { cacheThrough } from '../../lib/operators/cache-through.js';
import { evictOnInvalidCursor } from '../../lib/operators/evict-on-invalid-cursor.js';
import { ErrorCode } from '../../lib/protocol/error-codes.js';
import { McpError } from '../../lib/protocol/errors.js';
import type { CacheWarning } from '../../lib/cache/warnings.js';
import { FlakyStore, RedisLikeStore } from '../helpers/cache-stores.js';

const MODERN = '2026-07-28';
const TOOLS: CacheTarget = { method: 'tools/list', version: MODERN };
type Listing = { tools: { name: string }[]; ttlMs?: number; cacheScope?: 'public' | 'private'; resultType?: string; requestState?: string };
type Event = RequestEvent<Listing>;

const listing = (name: string, ttlMs = 10): Listing => ({ tools: [{ name }], ttlMs, cacheScope: 'private' });
const result = (value: Listing): Event => ({ type: 'result', result: value });
const progress = (n: number): Event => ({ type: 'progress', progress: n });

/** Runs a marble test whose cache clock is the test scheduler's virtual clock. */
function marbles(test: (helpers: Parameters<Parameters<TestScheduler['run']>[0]>[0], cache: ResponseCache, on: TestScheduler) => void): void {
  const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
  const cache = new ResponseCache({ clock: () => scheduler.now() });
  scheduler.run((helpers) => test(helpers, cache, scheduler));
}

describe('cacheThrough, use mode', () => {
  it('fetches on a miss, serves the entry while fresh, fetches again once stale (item 48)', () => {
    marbles(({ cold, expectObservable, expectSubscriptions }, cache) => {
      const values = { r: result(listing('a', 10)) };
      const fetch$ = cold<Event>('---(r|)', values);
      const cached$ = fetch$.pipe(cacheThrough<Listing>(cache, TOOLS));
      expectObservable(cached$, '^').toBe('---(r|)', values);
      expectObservable(cached$, '-----^').toBe('-----(r|)', values); // fresh until frame 13
      expectObservable(cached$, '------------^').toBe('------------(r|)', values);
      expectObservable(cached$, '-------------^').toBe('----------------(r|)', values); // stale at 13: fetched again
      expectSubscriptions(fetch$.subscriptions).toBe(['^--!', '-------------^--!']);
    });
  });

  it('does not store a result without a usable TTL', () => {
    marbles(({ cold, expectObservable, expectSubscriptions }, cache) => {
      const values = { r: result(listing('a', 0)) };
      const fetch$ = cold<Event>('-(r|)', values);
      const cached$ = fetch$.pipe(cacheThrough<Listing>(cache, TOOLS));
      expectObservable(cached$, '^').toBe('-(r|)', values);
      expectObservable(cached$, '---^').toBe('----(r|)', values);
      expectSubscriptions(fetch$.subscriptions).toBe(['^!', '---^!']);
    });
  });

  it('shares one fetch between identical calls in flight, progress included from when each joined', () => {
    marbles(({ cold, expectObservable, expectSubscriptions }, cache) => {
      const values = { p: progress(1), q: progress(2), r: result(listing('a')) };
      const fetch$ = cold<Event>('-p--q-(r|)', values);
      const cached$ = fetch$.pipe(cacheThrough<Listing>(cache, TOOLS));
      expectObservable(cached$, '^').toBe('-p--q-(r|)', values);
      expectObservable(cached$, '--^').toBe('----q-(r|)', values);
      expectObservable(cached$, '-----^').toBe('------(r|)', values);
      expectSubscriptions(fetch$.subscriptions).toBe('^-----!');
    });
  });

  it('cancels the shared fetch when the last waiter leaves, and fetches anew afterwards', () => {
    marbles(({ cold, expectObservable, expectSubscriptions }, cache) => {
      const values = { r: result(listing('a')) };
      const fetch$ = cold<Event>('-----(r|)', values);
      const cached$ = fetch$.pipe(cacheThrough<Listing>(cache, TOOLS));
      expectObservable(cached$, '^-!').toBe('---');
      expectObservable(cached$, '-^--!').toBe('-----');
      expectObservable(cached$, '------^').toBe('-----------(r|)', values);
      expectSubscriptions(fetch$.subscriptions).toBe(['^---!', '------^----!']);
    });
  });

  it('keeps the fetch going while one waiter remains', () => {
    marbles(({ cold, expectObservable, expectSubscriptions }, cache) => {
      const values = { r: result(listing('a')) };
      const fetch$ = cold<Event>('-----(r|)', values);
      const cached$ = fetch$.pipe(cacheThrough<Listing>(cache, TOOLS));
      expectObservable(cached$, '^-!').toBe('---');
      expectObservable(cached$, '-^').toBe('-----(r|)', values);
      expectSubscriptions(fetch$.subscriptions).toBe('^----!');
    });
  });

  it('delivers an error to every waiter, stores nothing, and lets the next call fetch again', () => {
    marbles(({ cold, expectObservable, expectSubscriptions }, cache) => {
      const error = new McpError(ErrorCode.InternalError, 'boom');
      const fetch$ = cold<Event>('---#', undefined, error);
      const cached$ = fetch$.pipe(cacheThrough<Listing>(cache, TOOLS));
      expectObservable(cached$, '^').toBe('---#', undefined, error);
      expectObservable(cached$, '-^').toBe('---#', undefined, error);
      expectObservable(cached$, '-----^').toBe('--------#', undefined, error);
      expectSubscriptions(fetch$.subscriptions).toBe(['^--!', '-----^--!']);
    });
  });

  it('never joins a fetch across an eviction; the evicted fetch does not write (item 57)', () => {
    marbles(({ cold, expectObservable, expectSubscriptions }, cache, on) => {
      const values = { a: result(listing('before')), b: result(listing('after')) };
      const first$ = cold<Event>('----(a|)', values);
      const second$ = cold<Event>('----(b|)', values);
      expectObservable(first$.pipe(cacheThrough<Listing>(cache, TOOLS)), '^').toBe('----(a|)', values);
      on.schedule(() => void cache.invalidate({ method: 'notifications/tools/list_changed' }, MODERN), 2);
      expectObservable(second$.pipe(cacheThrough<Listing>(cache, TOOLS)), '---^').toBe('-------(b|)', values);
      // frame 5: 'before' was not stored (evicted in flight), so this call joins the fetch begun after the eviction
      const unused$ = cold<Event>('-(z|)', { z: result(listing('unused')) });
      expectObservable(unused$.pipe(cacheThrough<Listing>(cache, TOOLS)), '-----^').toBe('-------(b|)', values);
      expectSubscriptions(unused$.subscriptions).toBe([]);
      // frame 8: 'after' is stored and served
      expectObservable(cold<Event>('-').pipe(cacheThrough<Listing>(cache, TOOLS)), '--------^').toBe('--------(b|)', values);
      expectSubscriptions(first$.subscriptions).toBe('^---!');
      expectSubscriptions(second$.subscriptions).toBe('---^---!');
    });
  });

  it('keeps protocol versions apart, for entries and for flights', () => {
    marbles(({ cold, expectObservable, expectSubscriptions }, cache) => {
      const values = { m: result(listing('modern')), l: result(listing('legacy')) };
      const modern$ = cold<Event>('--(m|)', values);
      const legacy$ = cold<Event>('--(l|)', values);
      expectObservable(modern$.pipe(cacheThrough<Listing>(cache, TOOLS)), '^').toBe('--(m|)', values);
      expectObservable(legacy$.pipe(cacheThrough<Listing>(cache, { method: 'tools/list', version: '2025-11-25' })), '-^').toBe('---(l|)', values);
      expectSubscriptions(modern$.subscriptions).toBe('^-!');
      expectSubscriptions(legacy$.subscriptions).toBe('-^-!');
    });
  });

  it('passes an input_required first round on without storing it', () => {
    marbles(({ cold, expectObservable, expectSubscriptions }, cache) => {
      const values = { i: result({ tools: [], resultType: 'input_required', requestState: 's' }) };
      const read = { method: 'resources/read', paramsKey: 'file:///x', version: MODERN };
      const fetch$ = cold<Event>('-(i|)', values);
      expectObservable(fetch$.pipe(cacheThrough<Listing>(cache, read)), '^').toBe('-(i|)', values);
      expectObservable(fetch$.pipe(cacheThrough<Listing>(cache, read)), '---^').toBe('----(i|)', values);
      expectSubscriptions(fetch$.subscriptions).toBe(['^!', '---^!']);
    });
  });
});

describe('cacheThrough, refresh and bypass (item 51)', () => {
  it('refresh always fetches, never joins a fetch in flight, replaces the entry, and is what later use calls join', () => {
    marbles(({ cold, expectObservable, expectSubscriptions }, cache) => {
      const values = { a: result(listing('use')), b: result(listing('refresh')) };
      const use$ = cold<Event>('----(a|)', values);
      const refresh$ = cold<Event>('----(b|)', values);
      expectObservable(use$.pipe(cacheThrough<Listing>(cache, TOOLS)), '^').toBe('----(a|)', values);
      expectObservable(refresh$.pipe(cacheThrough<Listing>(cache, { ...TOOLS, mode: 'refresh' })), '-^').toBe('-----(b|)', values);
      expectObservable(use$.pipe(cacheThrough<Listing>(cache, TOOLS)), '--^').toBe('-----(b|)', values);
      expectObservable(use$.pipe(cacheThrough<Listing>(cache, TOOLS)), '-------^').toBe('-------(b|)', values);
      // a refresh over a warm entry still fetches
      expectObservable(refresh$.pipe(cacheThrough<Listing>(cache, { ...TOOLS, mode: 'refresh' })), '--------^').toBe('------------(b|)', values);
      expectSubscriptions(use$.subscriptions).toBe('^---!');
      expectSubscriptions(refresh$.subscriptions).toBe(['-^---!', '--------^---!']);
    });
  });

  it('refresh supersedes an older fetch in flight: that one answers its callers but is not stored', () => {
    marbles(({ cold, expectObservable, expectSubscriptions }, cache) => {
      const values = { o: result(listing('old', 100)), n: result(listing('new', 100)) };
      const slow$ = cold<Event>('------(o|)', values);
      const quick$ = cold<Event>('--(n|)', values);
      expectObservable(slow$.pipe(cacheThrough<Listing>(cache, TOOLS)), '^').toBe('------(o|)', values);
      expectObservable(quick$.pipe(cacheThrough<Listing>(cache, { ...TOOLS, mode: 'refresh' })), '-^').toBe('---(n|)', values);
      expectObservable(slow$.pipe(cacheThrough<Listing>(cache, TOOLS)), '--------^').toBe('--------(n|)', values);
      expectSubscriptions(slow$.subscriptions).toBe('^-----!');
    });
  });

  it('bypass fetches without reading, writing or sharing, so a warm entry survives', () => {
    marbles(({ cold, expectObservable, expectSubscriptions }, cache) => {
      const values = { w: result(listing('warm', 100)), x: result(listing('bypassed', 100)) };
      const warm$ = cold<Event>('-(w|)', values);
      const bypass$ = cold<Event>('--(x|)', values);
      expectObservable(warm$.pipe(cacheThrough<Listing>(cache, TOOLS)), '^').toBe('-(w|)', values);
      expectObservable(bypass$.pipe(cacheThrough<Listing>(cache, { ...TOOLS, mode: 'bypass' })), '--^').toBe('----(x|)', values);
      expectObservable(bypass$.pipe(cacheThrough<Listing>(cache, { ...TOOLS, mode: 'bypass' })), '---^').toBe('-----(x|)', values);
      expectObservable(warm$.pipe(cacheThrough<Listing>(cache, TOOLS)), '------^').toBe('------(w|)', values);
      expectSubscriptions(warm$.subscriptions).toBe('^!');
      expectSubscriptions(bypass$.subscriptions).toBe(['--^-!', '---^-!']);
    });
  });

  it('a refresh whose first round is input_required evicts the warm entry (item 55)', () => {
    marbles(({ cold, expectObservable, expectSubscriptions }, cache) => {
      const read = { method: 'resources/read', paramsKey: 'file:///x', version: MODERN };
      const values = { w: result(listing('warm', 100)), i: result({ tools: [], resultType: 'input_required', requestState: 's' }) };
      const warm$ = cold<Event>('-(w|)', values);
      const input$ = cold<Event>('-(i|)', values);
      expectObservable(warm$.pipe(cacheThrough<Listing>(cache, read)), '^').toBe('-(w|)', values);
      expectObservable(input$.pipe(cacheThrough<Listing>(cache, { ...read, mode: 'refresh' })), '--^').toBe('---(i|)', values);
      expectObservable(warm$.pipe(cacheThrough<Listing>(cache, read)), '-----^').toBe('------(w|)', values);
      expectSubscriptions(warm$.subscriptions).toBe(['^!', '-----^!']);
    });
  });
});

describe('cacheThrough outside the virtual clock', () => {
  /** A fetch that counts its subscriptions and answers when told. */
  function controlledFetch() {
    const answer = new Subject<Event>();
    let subscriptions = 0;
    const fetch$: Observable<Event> = defer(() => {
      subscriptions++;
      return answer;
    });
    return { fetch$, answer, subscriptions: () => subscriptions };
  }

  it('serves a hit synchronously on subscribe with the in-memory store', () => {
    const cache = new ResponseCache();
    cache.write(TOOLS, listing('a', 1000), { token: cache.capture(TOOLS) });
    const seen: Event[] = [];
    const { fetch$, subscriptions } = controlledFetch();
    fetch$.pipe(cacheThrough<Listing>(cache, TOOLS)).subscribe((event) => seen.push(event));
    expect(seen).toEqual([result(listing('a', 1000))]);
    expect(subscriptions()).toBe(0);
  });

  it.each([
    ['the in-memory store', () => new ResponseCache()],
    ['an async serializing store', () => new ResponseCache({ store: new RedisLikeStore(), partition: 'p' }, { serverUrl: 'https://h/mcp' })],
  ])('makes one fetch for 1,000 concurrent identical calls, every caller getting the same frozen result (%s)', async (_name, make) => {
    const cache = make();
    const { fetch$, answer, subscriptions } = controlledFetch();
    const calls = Array.from({ length: 1000 }, () => lastValueFrom(fetch$.pipe(cacheThrough<Listing>(cache, TOOLS), toArray())));
    await new Promise((resolve) => setImmediate(resolve)); // let async reads miss and join
    await new Promise((resolve) => setImmediate(resolve));
    expect(subscriptions()).toBe(1);
    answer.next(result(listing('shared', 1000)));
    answer.complete();
    const all = await Promise.all(calls);
    expect(subscriptions()).toBe(1);
    const first = (all[0]![0] as { result: Listing }).result;
    expect(Object.isFrozen(first.tools[0])).toBe(true);
    for (const events of all) expect((events[0] as { result: Listing }).result).toBe(first);
    // and the next call is a hit
    const next = await firstValueFrom(fetch$.pipe(cacheThrough<Listing>(cache, TOOLS)));
    expect(next).toEqual(result(listing('shared', 1000)));
    expect(subscriptions()).toBe(1);
  });

  it('stores before it emits, so a caller reacting to the result hits the entry', () => {
    const cache = new ResponseCache();
    const { fetch$, answer, subscriptions } = controlledFetch();
    let nested: Event | undefined;
    fetch$.pipe(cacheThrough<Listing>(cache, TOOLS)).subscribe(() => {
      fetch$.pipe(cacheThrough<Listing>(cache, TOOLS)).subscribe((event) => (nested = event));
    });
    answer.next(result(listing('a', 1000)));
    answer.complete();
    expect(nested).toEqual(result(listing('a', 1000)));
    expect(subscriptions()).toBe(1);
  });

  it('sends nothing when the caller leaves while an async read is under way', async () => {
    const cache = new ResponseCache({ store: new RedisLikeStore(), partition: 'p' }, { serverUrl: 'https://h/mcp' });
    const { fetch$, subscriptions } = controlledFetch();
    const subscription = fetch$.pipe(cacheThrough<Listing>(cache, TOOLS)).subscribe();
    subscription.unsubscribe();
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(subscriptions()).toBe(0);
  });

  it('with an async store, stores before it emits: the next call after the result is a hit', async () => {
    const redis = new RedisLikeStore();
    const cache = new ResponseCache({ store: redis, partition: 'p' }, { serverUrl: 'https://h/mcp' });
    let fetches = 0;
    const fetch$ = defer(() => {
      fetches++;
      return Promise.resolve(result(listing('a', 1000)));
    });
    await lastValueFrom(fetch$.pipe(cacheThrough<Listing>(cache, TOOLS)));
    await lastValueFrom(fetch$.pipe(cacheThrough<Listing>(cache, TOOLS)));
    expect(fetches).toBe(1);
  });

  it.each([false, true])('still succeeds when the store fails, with one warning per operation (async store: %s) (item 65)', async (async) => {
    const flaky = new FlakyStore(async);
    flaky.failing = { get: true, set: true, delete: true };
    const cache = new ResponseCache({ store: flaky, partition: 'p' }, { serverUrl: 'https://h/mcp' });
    const warnings: CacheWarning[] = [];
    cache.warnings$.subscribe((warning) => warnings.push(warning));
    let fetches = 0;
    const fetch$ = defer(() => {
      fetches++;
      return Promise.resolve(result(listing('a', 1000)));
    });
    for (let i = 0; i < 3; i++) expect(await lastValueFrom(fetch$.pipe(cacheThrough<Listing>(cache, TOOLS)))).toEqual(result(listing('a', 1000)));
    expect(fetches).toBe(3);
    expect(warnings.map((warning) => warning.operation)).toEqual(['get', 'delete']);
  });

  it('freezes what it hands out even when it stores nothing, since joiners share it', async () => {
    const cache = new ResponseCache();
    const event = await lastValueFrom(of(result(listing('uncached', 0))).pipe(cacheThrough<Listing>(cache, TOOLS)));
    expect(Object.isFrozen((event as { result: Listing }).result.tools)).toBe(true);
    expect(cache.read(TOOLS)).toBeUndefined();
  });

  it('never shares across caches (different partitions on one store)', async () => {
    const store = new InMemoryResponseCacheStore();
    const alice = new ResponseCache({ store, partition: 'alice' }, { serverUrl: 'https://h/mcp' });
    const bob = new ResponseCache({ store, partition: 'bob' }, { serverUrl: 'https://h/mcp' });
    const { fetch$, answer, subscriptions } = controlledFetch();
    const a = lastValueFrom(fetch$.pipe(cacheThrough<Listing>(alice, TOOLS)));
    const b = lastValueFrom(fetch$.pipe(cacheThrough<Listing>(bob, TOOLS)));
    expect(subscriptions()).toBe(2);
    answer.next(result(listing('private', 1000)));
    answer.complete();
    await Promise.all([a, b]);
  });
});

describe('evictOnInvalidCursor (item 53)', () => {
  function warm(): ResponseCache {
    const cache = new ResponseCache();
    cache.write(TOOLS, listing('warm', 1000), { token: cache.capture(TOOLS) });
    return cache;
  }

  it('evicts the cursorless listing when a cursor page fails with -32602, and rethrows', () => {
    const cache = warm();
    const error = new McpError(ErrorCode.InvalidParams, 'invalid cursor');
    marbles(({ cold, expectObservable }) => {
      expectObservable(cold('--#', undefined, error).pipe(evictOnInvalidCursor(cache, { method: 'tools/list', version: MODERN }))).toBe('--#', undefined, error);
    });
    expect(cache.read(TOOLS)).toBeUndefined();
  });

  it('passes pages through untouched', () => {
    marbles(({ cold, expectObservable }) => {
      const values = { r: result(listing('page 2')) };
      expectObservable(cold<Event>('-(r|)', values).pipe(evictOnInvalidCursor(warm(), { method: 'tools/list', version: MODERN }))).toBe('-(r|)', values);
    });
  });

  it('evicts nothing for other errors, for a bypass call, or for a success', async () => {
    const cache = warm();
    const reject = (error: unknown) => defer(() => Promise.reject(error));
    await expect(lastValueFrom(reject(new McpError(ErrorCode.InternalError, 'x')).pipe(evictOnInvalidCursor(cache, { method: 'tools/list', version: MODERN })))).rejects.toThrow('x');
    await expect(lastValueFrom(reject(new Error('network')).pipe(evictOnInvalidCursor(cache, { method: 'tools/list', version: MODERN })))).rejects.toThrow('network');
    await expect(
      lastValueFrom(reject(new McpError(ErrorCode.InvalidParams, 'bad')).pipe(evictOnInvalidCursor(cache, { method: 'tools/list', version: MODERN, mode: 'bypass' }))),
    ).rejects.toThrow('bad');
    expect(cache.read(TOOLS)).toEqual(listing('warm', 1000));
  });

  it('waits for an async store to evict before the error goes on', async () => {
    const redis = new RedisLikeStore();
    const cache = new ResponseCache({ store: redis, partition: 'p' }, { serverUrl: 'https://h/mcp' });
    await cache.write(TOOLS, listing('warm', 1000), { token: cache.capture(TOOLS) });
    expect(redis.data.size).toBe(1);
    const failed = defer(() => Promise.reject(new McpError(ErrorCode.InvalidParams, 'invalid cursor')));
    await expect(lastValueFrom(failed.pipe(evictOnInvalidCursor(cache, { method: 'tools/list', version: MODERN })))).rejects.toBeInstanceOf(McpError);
    expect(redis.data.size).toBe(0);
  });
});
