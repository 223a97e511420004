/**
 * The storage contract of the response cache. A store may answer synchronously (the default
 * in-memory store) or with Promises (a Redis-backed store shared by many clients); either works.
 *
 * - Each operation is atomic from the cache's point of view; the store takes care of that.
 * - Any operation may throw or reject: the cache treats it as a miss (or a skipped write), the
 *   request still succeeds, and the failure is reported once on `warnings$`.
 * - A lookup may make two `get`s in a row (the private arm, then the public one).
 * - Keys are compared field by field (see `CacheKey`); values are JSON results, deep-frozen by
 *   the cache before `set`, so a store may keep them by reference. A serializing store must give
 *   back an equal value; something that is not a `CacheEntry` is a miss with a warning.
 */
import type { CacheEntry } from './cache-entry.js';
import type { CacheKey } from './cache-key.js';
import type { MaybePromise } from './maybe-promise.js';

/** Where cached responses live. */
export interface ResponseCacheStore {
  /** The entry under `key`, or `undefined` (or `null`) when there is none. */
  get(key: CacheKey): MaybePromise<CacheEntry | undefined | null>;
  /** Stores `entry` under `key`, replacing any entry there. */
  set(key: CacheKey, entry: CacheEntry): MaybePromise<void>;
  /** Removes the entry under `key`, if any (to replace it, or because it may not be kept). */
  delete(key: CacheKey): MaybePromise<void>;
  /**
   * Optional: removes the entry under `key` because the server said it changed (a change
   * notification, an invalid cursor), where `delete` only makes room for a replacement. A store
   * shared by many processes uses it to evict for all of them: the same entry in every partition,
   * and the writes of fetches already in flight elsewhere (see `RedisResponseCacheStore` in
   * `rxmcp/redis`). Without it the cache calls `delete`.
   */
  evict?(key: CacheKey): MaybePromise<void>;
  /** Removes every entry. rxmcp never calls it; it is there for owners of a store. */
  clear(): MaybePromise<void>;
}
