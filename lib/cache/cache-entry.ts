/**
 * One cached response and its freshness. An entry is fresh only while `expiresAt > clock()`: an
 * entry expiring exactly now is stale, and one without `expiresAt` is never fresh.
 */
import type { CacheScope } from './cache-key.js';

/** One cached response with its freshness and sharing metadata. */
export interface CacheEntry<V = unknown> {
  /**
   * The cached result. The cache deep-freezes it before storing, so an in-memory store may keep
   * it by reference; a serializing store must give back an equal JSON value.
   */
  readonly value: V;
  /** The scope the server asserted (`cacheScope`); only `"public"` entries may be shared. */
  readonly scope: CacheScope;
  /** Epoch milliseconds after which the entry is stale; `undefined` is never fresh. */
  readonly expiresAt: number | undefined;
}

/** True while `entry` may be served: `expiresAt > now`. */
export function isFresh(entry: CacheEntry, now: number): boolean {
  return entry.expiresAt !== undefined && entry.expiresAt > now;
}

/**
 * True when `value` has the shape of a {@link CacheEntry} (what a store gave back may not: a
 * serializing store with a bug, or a key shared with something else). `expiresAt` may also be
 * `null` or missing, as JSON makes of `undefined`.
 */
export function isCacheEntry(value: unknown): value is CacheEntry {
  if (typeof value !== 'object' || value === null || !('value' in value)) return false;
  const { scope, expiresAt } = value as { scope?: unknown; expiresAt?: unknown };
  return (scope === 'public' || scope === 'private') && (expiresAt === undefined || expiresAt === null || typeof expiresAt === 'number');
}
