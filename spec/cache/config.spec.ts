import { createHash } from 'node:crypto';
import { resolveCacheConfig } from '../../lib/cache/config.js';
import { CacheConfigError } from '../../lib/cache/errors.js';
import { InMemoryResponseCacheStore } from '../../lib/cache/in-memory-store.js';
import { ResponseCache } from '../../lib/cache/response-cache.js';
import { RxMcpError } from '../../lib/protocol/errors.js';

/** The error `build` throws (failing the test if it throws nothing). */
function thrown(build: () => unknown): unknown {
  try {
    build();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('cache configuration (item 60, and 61 at the resolver)', () => {
  it('fills in the defaults: an own in-memory store, no partition, TTL 0, Date.now, no public sharing', () => {
    const resolved = resolveCacheConfig();
    expect(resolved.store).toBeInstanceOf(InMemoryResponseCacheStore);
    expect(resolved.ownsStore).toBe(true);
    expect(resolved).toMatchObject({ partition: '', defaultTtlMs: 0, clock: Date.now, sharePublic: false });
    expect(resolved.armId).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives each cache of its own a store of its own', () => {
    expect(resolveCacheConfig().store).not.toBe(resolveCacheConfig().store);
  });

  it('derives the server identity once, when first read: the same on every read, a random one per cache of its own', () => {
    const own = resolveCacheConfig();
    const other = resolveCacheConfig();
    expect(own.armId).toBe(own.armId);
    expect(own.armId).not.toBe(other.armId);
    const cache = new ResponseCache({}, { serverUrl: 'https://u:p@h/x' });
    expect(cache.armId).toBe(createHash('sha256').update('https://h/x').digest('hex'));
    expect(cache.armId).toBe(cache.armId);
  });

  it('refuses a custom store without a partition', () => {
    const error = thrown(() => resolveCacheConfig({ store: new InMemoryResponseCacheStore(), targetId: 't' }));
    expect(error).toBeInstanceOf(CacheConfigError);
    expect(error).toBeInstanceOf(RxMcpError);
    expect((error as Error).message).toBe('a custom cache store requires an explicit partition');
    expect((error as Error).name).toBe('CacheConfigError');
  });

  it('refuses an empty targetId', () => {
    expect(() => resolveCacheConfig({ targetId: '' })).toThrow(new CacheConfigError('targetId must be a non-empty string or omitted'));
  });

  it('refuses a negative (or not-a-number) defaultTtlMs', () => {
    expect(() => resolveCacheConfig({ defaultTtlMs: -1 })).toThrow(new CacheConfigError('defaultTtlMs must be >= 0, got -1'));
    expect(() => resolveCacheConfig({ defaultTtlMs: Number.NaN })).toThrow(CacheConfigError);
  });

  it('refuses a custom store when the server is not a URL and there is no targetId (item 61)', () => {
    const store = new InMemoryResponseCacheStore();
    expect(() => resolveCacheConfig({ store, partition: 'p' })).toThrow(/requires targetId when the server is not a URL/);
    expect(() => new ResponseCache({ store, partition: 'p' })).toThrow(CacheConfigError);
    expect(resolveCacheConfig({ store, partition: 'p', targetId: 'proxy' }).ownsStore).toBe(false);
    expect(resolveCacheConfig({ store, partition: 'p' }, { serverUrl: 'https://h/mcp' }).store).toBe(store);
  });

  it('derives the server identity: targetId, else the URL without userinfo', () => {
    const sha = (text: string): string => createHash('sha256').update(text).digest('hex');
    expect(resolveCacheConfig({}, { serverUrl: 'https://u:p@h/mcp' }).armId).toBe(sha('https://h/mcp'));
    expect(resolveCacheConfig({ targetId: 'gateway-1' }, { serverUrl: 'https://h/mcp' }).armId).toBe(sha('gateway-1'));
  });

  it('refuses a negative or fractional maxEntries on the in-memory store', () => {
    expect(() => new InMemoryResponseCacheStore({ maxEntries: -1 })).toThrow(new CacheConfigError('maxEntries must be an integer >= 0, got -1'));
    expect(() => new InMemoryResponseCacheStore({ maxEntries: 1.5 })).toThrow(CacheConfigError);
    expect(new InMemoryResponseCacheStore().maxEntries).toBe(1024);
  });
});
