/**
 * Stores for cache specs: a Redis stand-in (async, JSON-serializing, keyed by one string per
 * key), a store whose operations can be made to fail (sync or async), and a store that records
 * every call.
 */
import type { CacheEntry } from '../../lib/cache/cache-entry.js';
import { encodeCacheKey, type CacheKey } from '../../lib/cache/cache-key.js';
import type { ResponseCacheStore } from '../../lib/cache/store.js';

/** Waits a macrotask, as a network round trip would. */
function roundTrip(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** An async store that serializes like Redis: values come back as fresh, unfrozen JSON. */
export class RedisLikeStore implements ResponseCacheStore {
  readonly data = new Map<string, string>();
  readonly calls: string[] = [];

  async get(key: CacheKey): Promise<CacheEntry | undefined> {
    this.calls.push(`get ${key.method}`);
    await roundTrip();
    const text = this.data.get(encodeCacheKey(key));
    return text === undefined ? undefined : (JSON.parse(text) as CacheEntry);
  }

  async set(key: CacheKey, entry: CacheEntry): Promise<void> {
    this.calls.push(`set ${key.method}`);
    await roundTrip();
    this.data.set(encodeCacheKey(key), JSON.stringify(entry));
  }

  async delete(key: CacheKey): Promise<void> {
    this.calls.push(`delete ${key.method}`);
    await roundTrip();
    this.data.delete(encodeCacheKey(key));
  }

  async clear(): Promise<void> {
    await roundTrip();
    this.data.clear();
  }
}

/** Which operations fail, and how. */
export type Failures = Partial<Record<'get' | 'set' | 'delete' | 'clear', boolean>>;

/** A map-backed store whose operations throw (sync) or reject (async) while `failing` says so. */
export class FlakyStore implements ResponseCacheStore {
  readonly data = new Map<string, CacheEntry>();
  failing: Failures = {};

  constructor(private readonly async: boolean) {}

  get(key: CacheKey): CacheEntry | undefined | Promise<CacheEntry | undefined> {
    return this.run('get', () => this.data.get(encodeCacheKey(key)));
  }

  set(key: CacheKey, entry: CacheEntry): void | Promise<void> {
    return this.run('set', () => void this.data.set(encodeCacheKey(key), entry));
  }

  delete(key: CacheKey): void | Promise<void> {
    return this.run('delete', () => void this.data.delete(encodeCacheKey(key)));
  }

  clear(): void | Promise<void> {
    return this.run('clear', () => this.data.clear());
  }

  private run<T>(operation: keyof Failures, body: () => T): T | Promise<T> {
    const fail = this.failing[operation] === true;
    if (!this.async) {
      if (fail) throw new Error(`${operation} is down`);
      return body();
    }
    return fail ? Promise.reject(new Error(`${operation} is down`)) : Promise.resolve().then(body);
  }
}
