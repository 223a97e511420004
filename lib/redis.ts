/**
 * rxmcp's Redis entry: a response cache store shared by every process of a fleet, on `ioredis`
 * (an optional peer dependency: install it to use this entry). Node only.
 *
 * ```ts
 * import { Client } from 'rxmcp';
 * import { RedisResponseCacheStore } from 'rxmcp/redis';
 *
 * const store = new RedisResponseCacheStore({ url: 'redis://127.0.0.1:6379' });
 * const client = await Client.connect('https://mcp.example.com/mcp', { cache: { store, partition: tenantId } });
 * ```
 *
 * @packageDocumentation
 */
export { DEFAULT_REDIS_COMMAND_TIMEOUT_MS, DEFAULT_REDIS_CONNECT_TIMEOUT_MS, DEFAULT_REDIS_EVICTION_HOLD_MS, RedisResponseCacheStore } from './cache/redis/redis-store.js';
export type { RedisResponseCacheStoreOptions } from './cache/redis/redis-store-options.js';
export { DEFAULT_REDIS_KEY_PREFIX } from './cache/redis/redis-encoding.js';
