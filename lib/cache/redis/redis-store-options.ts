/**
 * The options of `RedisResponseCacheStore` (in their own file, so the store and the checks of
 * its options do not import each other).
 */
import type { Redis } from 'ioredis';

/** How {@link RedisResponseCacheStore} reaches Redis, and how it names and holds its keys. */
export interface RedisResponseCacheStoreOptions {
  /**
   * A connection URL (`redis://host:port/db`, `rediss://` for TLS). The store makes its own
   * client with the settings a cache needs (see below) and closes it in `close()`. Default
   * `redis://127.0.0.1:6379` when `client` is not given either.
   */
  readonly url?: string;
  /**
   * An `ioredis` client of yours instead of `url`; the store never closes it. Configure it as the
   * store would its own (`enableOfflineQueue: false`, a `commandTimeout`, `maxRetriesPerRequest: 0`),
   * or a Redis outage makes cache lookups wait instead of missing at once.
   */
  readonly client?: Redis;
  /** Prepended to every key the store writes; one prefix per fleet sharing entries. Default `rxmcp:cache:`. */
  readonly keyPrefix?: string;
  /** The wall clock the entries' `expiresAt` is read against (pass the cache's `clock` if you set one). Default `Date.now`. */
  readonly clock?: () => number;
  /** How long a command may take before it counts as failed (a miss): the store's own client only. Default 500 ms. */
  readonly commandTimeoutMs?: number;
  /** How long connecting may take before the attempt counts as failed: the store's own client only. Default 2,000 ms. */
  readonly connectTimeoutMs?: number;
  /**
   * How long an eviction's mark is kept at least: a fetch of the evicted response that was in
   * flight in another process, and finishes within this time, does not store its (older) result.
   * Default 600,000 ms (10 minutes).
   */
  readonly evictionHoldMs?: number;
}
