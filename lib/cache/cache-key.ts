/**
 * What identifies one cached response: the method, the params that change its answer, and the
 * arm (which server, which protocol version, which scope, which authorization partition).
 *
 * A key is compared as its three fields, never as a flattened string: `('a:b', 'c')` and
 * `('a', 'b:c')` must never meet. Stores that need one string (Redis) use
 * {@link encodeCacheKey}, which is injective.
 */

/** `"public"` entries may be shared across authorization contexts; `"private"` ones never. */
export type CacheScope = 'public' | 'private';

/** The identity of one cached response. */
export interface CacheKey {
  /** The JSON-RPC method, e.g. `tools/list`. */
  readonly method: string;
  /** The params that select the answer: `''` for the cursorless listings, the URI for `resources/read`. */
  readonly paramsKey: string;
  /**
   * The arm string (see `armString`), computed by the cache and opaque to stores. Not the
   * `partition` of the cache configuration, though that is part of it for private entries.
   */
  readonly partition: string;
}

/** True when two keys are the same key (field by field). */
export function sameCacheKey(a: CacheKey, b: CacheKey): boolean {
  return a.method === b.method && a.paramsKey === b.paramsKey && a.partition === b.partition;
}

/**
 * One string per key and one key per string (a JSON array of the three fields), for stores
 * that can only key by string. Never concatenate the fields yourself.
 */
export function encodeCacheKey(key: CacheKey): string {
  return JSON.stringify([key.method, key.paramsKey, key.partition]);
}

/** What an arm string is made of. */
export interface ArmParts {
  readonly scope: CacheScope;
  /** The negotiated protocol version: entries never cross protocol versions or eras. */
  readonly version: string;
  /** The server identity: a SHA-256 hex digest (see `serverArmId`). */
  readonly armId: string;
  /** The authorization partition of the cache configuration. */
  readonly partition: string;
  /** Whether public entries are shared across partitions. */
  readonly sharePublic: boolean;
}

/**
 * The arm string: the JSON array `[scope, version, armId]`, with `partition` appended for
 * private entries and for public ones unless `sharePublic`:
 * `["private","2026-07-28","<armId>","tenant-a"]`, `["public","2026-07-28","<armId>","tenant-a"]`,
 * and with `sharePublic` `["public","2026-07-28","<armId>"]`.
 */
export function armString(parts: ArmParts): string {
  const { scope, version, armId, partition, sharePublic } = parts;
  return JSON.stringify(scope === 'private' || !sharePublic ? [scope, version, armId, partition] : [scope, version, armId]);
}

/**
 * The parts of an arm string made by {@link armString} (`partition` only when it has one), or
 * `undefined` for any other string. For shared stores that evict a response for every partition
 * of a server at once (they key the eviction by `version` and `armId`, never by the partition).
 */
export function parseArmString(arm: string): { readonly scope: CacheScope; readonly version: string; readonly armId: string; readonly partition?: string } | undefined {
  if (!arm.startsWith('["')) return undefined;
  let parts: unknown;
  try {
    parts = JSON.parse(arm);
  } catch {
    return undefined;
  }
  if (!Array.isArray(parts) || (parts.length !== 3 && parts.length !== 4) || !parts.every((part) => typeof part === 'string')) return undefined;
  const [scope, version, armId, partition] = parts as string[];
  if (scope !== 'public' && scope !== 'private') return undefined;
  return partition === undefined ? { scope, version: version!, armId: armId! } : { scope, version: version!, armId: armId!, partition };
}
