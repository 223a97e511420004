/**
 * How `RedisResponseCacheStore` lays out its keys and values.
 *
 * - **Entry key**: `<prefix>e` and the cache key as one JSON array (`encodeCacheKey`), so two
 *   different keys never share a Redis key, whatever their fields contain.
 * - **Generation key**: `<prefix>g` and the JSON array `[version, armId, method, paramsKey]` of
 *   the key's arm (one per server, protocol version and response, shared by every partition
 *   and scope; `[partition, method, paramsKey]` for a partition that is not an arm string). It
 *   holds a random token; an eviction replaces it.
 * - **Entry value**: the generation token it was written under, a space, then the JSON object
 *   `{"s": scope, "x": expiresAt, "v": value}`. An entry whose token is not the current one was
 *   evicted (in some process, for some partition) and is a miss.
 */
import type { CacheEntry } from '../cache-entry.js';
import { encodeCacheKey, parseArmString, type CacheKey } from '../cache-key.js';

/** The default prefix of every key. */
export const DEFAULT_REDIS_KEY_PREFIX = 'rxmcp:cache:';

/** The two Redis keys of one cache key. */
export interface RedisKeys {
  readonly entry: string;
  readonly generation: string;
}

/** The Redis keys of `key` under `prefix`. */
export function redisKeysOf(prefix: string, key: CacheKey): RedisKeys {
  const arm = parseArmString(key.partition);
  const scope = arm === undefined ? [key.partition, key.method, key.paramsKey] : [arm.version, arm.armId, key.method, key.paramsKey];
  return { entry: `${prefix}e${encodeCacheKey(key)}`, generation: `${prefix}g${JSON.stringify(scope)}` };
}

/** The stored text of `entry` without its generation token (the write script prepends it). */
export function encodeEntry(entry: CacheEntry): string {
  return JSON.stringify({ s: entry.scope, x: entry.expiresAt ?? null, v: entry.value });
}

/** What a stored value decodes to: an entry with its token, or the text when it is not one of ours. */
export type DecodedEntry = { readonly token: string; readonly entry: CacheEntry } | { readonly token: undefined; readonly invalid: unknown };

/** Decodes a stored value; anything that is not an entry of this store comes back as `invalid`. */
export function decodeEntry(text: string): DecodedEntry {
  const space = text.indexOf(' ');
  if (space <= 0) return { token: undefined, invalid: text };
  let body: unknown;
  try {
    body = JSON.parse(text.slice(space + 1));
  } catch {
    return { token: undefined, invalid: text };
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body) || !('v' in body)) return { token: undefined, invalid: body };
  const { s, x, v } = body as { s?: unknown; x?: unknown; v: unknown };
  if ((s !== 'public' && s !== 'private') || (x !== null && typeof x !== 'number')) return { token: undefined, invalid: body };
  return { token: text.slice(0, space), entry: { value: v, scope: s, expiresAt: x ?? undefined } };
}
