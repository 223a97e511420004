/**
 * `RedisResponseCacheStore`: the response cache's entries in Redis, shared by every process
 * (and every client) that points at the same Redis with the same key prefix.
 *
 * - **TTL in Redis**: each entry is written with `PX` set to what is left of its freshness, so
 *   Redis drops it when it goes stale; configure `maxmemory` with an eviction policy
 *   (`allkeys-lru`, or `volatile-lru`: every key has a TTL) and Redis bounds the cache.
 * - **Keys** are the cache key's three fields as one JSON array (see `redis-encoding.ts`), never a
 *   concatenation that two keys could share.
 * - **Eviction for everyone**: `evict` (what the cache calls for a change notification) replaces
 *   the response's generation token, shared by every partition and process, in one atomic script:
 *   entries written under the old token are misses from then on, in every process, and a fetch that
 *   was in flight anywhere when the eviction landed does not store its result (the write script
 *   compares the token with the one its lookup saw).
 * - **Failures are misses**: the store's own client has no offline queue and a command timeout,
 *   so while Redis is down or stalled a command fails at once or after `commandTimeoutMs`, the
 *   cache serves from the server, and `warnings$` says so once per burst. The client reconnects
 *   by itself; entries are served again once it has.
 * - **Exact values**: entries are JSON text; a value that is not an entry of this store (another
 *   program's key, a truncated write) is handed to the cache as not-an-entry: a miss and a
 *   `cache-entry-invalid` warning, never an error.
 *
 * Node only (it opens TCP connections), from the `rxmcp/redis` entry, on `ioredis`.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { CacheEntry } from '../cache-entry.js';
import type { CacheKey } from '../cache-key.js';
import { CacheConfigError } from '../errors.js';
import type { ResponseCacheStore } from '../store.js';
import { decodeEntry, DEFAULT_REDIS_KEY_PREFIX, encodeEntry, redisKeysOf } from './redis-encoding.js';
import { EVICT_SCRIPT, runScript, WRITE_SCRIPT } from './redis-scripts.js';
import type { RedisResponseCacheStoreOptions } from './redis-store-options.js';

/** The default command timeout of the store's own client. */
export const DEFAULT_REDIS_COMMAND_TIMEOUT_MS = 500;
/** The default connect timeout of the store's own client. */
export const DEFAULT_REDIS_CONNECT_TIMEOUT_MS = 2_000;
/** The default least time an eviction's mark is kept. */
export const DEFAULT_REDIS_EVICTION_HOLD_MS = 600_000;

/** The longest wait between two reconnection attempts of the store's own client. */
const MAX_RECONNECT_DELAY_MS = 1_000;
/** How many lookups' generation tokens are remembered for the writes that follow them. */
const MAX_SEEN = 4_096;

/**
 * A `ResponseCacheStore` (from `rxmcp`) in Redis, shared across processes: give the same store
 * (or stores on the same Redis and `keyPrefix`) to every client of the fleet, each with the
 * `partition` of its user.
 *
 * @example
 * ```ts
 * const store = new RedisResponseCacheStore({ url: process.env.REDIS_URL });
 * await store.ready(2_000);
 * const client = await Client.connect(serverUrl, { cache: { store, partition: tenantId } });
 * // …
 * await client.close();
 * await store.close();
 * ```
 */
export class RedisResponseCacheStore implements ResponseCacheStore, AsyncDisposable {
  /** The `ioredis` client: yours, or the store's own. */
  readonly client: Redis;
  /** The prefix of every key the store writes. */
  readonly keyPrefix: string;
  /** The least time an eviction's mark is kept, in milliseconds. */
  readonly evictionHoldMs: number;
  /** The last connection error of the store's own client (it never throws them), if any. */
  lastError: Error | undefined;
  private readonly clock: () => number;
  private readonly ownsClient: boolean;
  /** Per entry key: the generation token its last lookup saw (`null`: none), for the write after it. */
  private readonly seen = new Map<string, string | null>();
  /** Operations not settled yet, for {@link RedisResponseCacheStore.idle}. */
  private readonly pending = new Set<Promise<unknown>>();

  /** Validates `options` (throwing `CacheConfigError`) and, unless given a client, starts connecting. */
  constructor(options: RedisResponseCacheStoreOptions = {}) {
    const { url, client, keyPrefix = DEFAULT_REDIS_KEY_PREFIX } = options;
    const commandTimeoutMs = options.commandTimeoutMs ?? DEFAULT_REDIS_COMMAND_TIMEOUT_MS;
    const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_REDIS_CONNECT_TIMEOUT_MS;
    const evictionHoldMs = options.evictionHoldMs ?? DEFAULT_REDIS_EVICTION_HOLD_MS;
    if (url !== undefined && client !== undefined) throw new CacheConfigError('give the Redis store a url or a client, not both', 'store.client');
    if (url !== undefined && typeof url !== 'string') throw new CacheConfigError('url must be a string', 'store.url');
    if (typeof keyPrefix !== 'string') throw new CacheConfigError('keyPrefix must be a string', 'store.keyPrefix');
    positive(commandTimeoutMs, 'store.commandTimeoutMs');
    positive(connectTimeoutMs, 'store.connectTimeoutMs');
    positive(evictionHoldMs, 'store.evictionHoldMs');
    if (options.clock !== undefined && typeof options.clock !== 'function') throw new CacheConfigError('clock must be a function', 'store.clock');
    this.clock = options.clock ?? Date.now;
    this.keyPrefix = keyPrefix;
    this.evictionHoldMs = evictionHoldMs;
    this.ownsClient = client === undefined;
    this.client =
      client ??
      new Redis(url ?? 'redis://127.0.0.1:6379', {
        enableOfflineQueue: false,
        maxRetriesPerRequest: 0,
        commandTimeout: commandTimeoutMs,
        connectTimeout: connectTimeoutMs,
        retryStrategy: (times: number) => Math.min(50 * 2 ** Math.min(times, 10), MAX_RECONNECT_DELAY_MS),
      });
    // ioredis prints unhandled 'error' events to the console; the store reports through the cache instead.
    if (this.ownsClient) this.client.on('error', (error: Error) => void (this.lastError = error));
  }

  /**
   * Resolves true once the client is connected and ready, false if it is not within `timeoutMs`
   * (default: at once unless ready). Lookups before then are misses; await it at startup to start warm.
   */
  ready(timeoutMs = 0): Promise<boolean> {
    if (this.client.status === 'ready') return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (ready: boolean): void => {
        clearTimeout(timer);
        this.client.off('ready', onReady);
        resolve(ready);
      };
      const onReady = (): void => done(true);
      const timer = setTimeout(() => done(false), timeoutMs);
      this.client.on('ready', onReady);
    });
  }

  /** The entry under `key` if it was written under the current generation, else `undefined`. */
  get(key: CacheKey): Promise<CacheEntry | undefined> {
    return this.track(this.lookup(key));
  }

  /** Stores `entry` with `PX` set to its remaining freshness, unless an eviction came since the lookup before it. */
  set(key: CacheKey, entry: CacheEntry): Promise<void> {
    return this.track(this.write(key, entry));
  }

  /** Deletes the entry under `key` (in this partition only; see `evict`). */
  delete(key: CacheKey): Promise<void> {
    return this.track(this.client.del(redisKeysOf(this.keyPrefix, key).entry).then(() => undefined));
  }

  /** Evicts `key` for every partition and process sharing this Redis (see the file comment). */
  evict(key: CacheKey): Promise<void> {
    const keys = redisKeysOf(this.keyPrefix, key);
    return this.track(runScript(this.client, EVICT_SCRIPT, [keys.generation, keys.entry], [randomUUID(), this.evictionHoldMs]).then(() => undefined));
  }

  /**
   * Resolves once every operation started so far has settled (an eviction the cache started on a
   * notification, a write after a fetch): before handing over to another process, or shutting down.
   */
  async idle(): Promise<void> {
    if (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  private async lookup(key: CacheKey): Promise<CacheEntry | undefined> {
    const keys = redisKeysOf(this.keyPrefix, key);
    const [token = null, text = null] = await this.client.mget(keys.generation, keys.entry);
    this.remember(keys.entry, token);
    if (text === null) return undefined;
    const decoded = decodeEntry(text);
    // Not an entry of ours: handed on as something that is not a CacheEntry (a miss with a warning).
    if (decoded.token === undefined) return { notAnEntry: decoded.invalid } as unknown as CacheEntry;
    return decoded.token === token ? decoded.entry : undefined;
  }

  private async write(key: CacheKey, entry: CacheEntry): Promise<void> {
    const keys = redisKeysOf(this.keyPrefix, key);
    const seen = this.seen.get(keys.entry);
    this.seen.delete(keys.entry);
    const ttlMs = entry.expiresAt === undefined ? 0 : Math.ceil(entry.expiresAt - this.clock());
    if (ttlMs <= 0) {
      await this.client.del(keys.entry);
      return;
    }
    const mode = seen === undefined ? 'any' : seen === null ? 'none' : 'token';
    await runScript(this.client, WRITE_SCRIPT, [keys.generation, keys.entry], [mode, seen ?? '', randomUUID(), ttlMs, encodeEntry(entry)]);
  }

  /** Deletes every key under the prefix (entries and generations), by `SCAN`, so Redis never blocks on it. */
  async clear(): Promise<void> {
    const pattern = `${this.keyPrefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
    let cursor = '0';
    do {
      const [next, found] = await this.client.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      if (found.length > 0) await this.client.unlink(...found);
      cursor = next;
    } while (cursor !== '0');
    this.seen.clear();
  }

  /** Waits for the operations in flight, then closes the store's own client (a client you passed in is left open). Idempotent. */
  async close(): Promise<void> {
    await this.idle();
    this.seen.clear();
    if (!this.ownsClient || this.client.status === 'end') return;
    try {
      await this.client.quit();
    } catch {
      this.client.disconnect();
    }
  }

  /** {@link RedisResponseCacheStore.close}, for `await using`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /** Keeps `operation` in `pending` until it settles. */
  private track<T>(operation: Promise<T>): Promise<T> {
    this.pending.add(operation);
    const settled = (): void => void this.pending.delete(operation);
    operation.then(settled, settled);
    return operation;
  }

  /** Remembers the token a lookup saw, forgetting the oldest beyond `MAX_SEEN`. */
  private remember(entryKey: string, token: string | null): void {
    this.seen.delete(entryKey);
    this.seen.set(entryKey, token);
    if (this.seen.size > MAX_SEEN) this.seen.delete(this.seen.keys().next().value!);
  }
}

function positive(value: unknown, option: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw new CacheConfigError(`${option.slice(6)} must be a positive number, got ${String(value)}`, option);
}
