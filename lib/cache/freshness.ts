/**
 * How long a fetched result stays fresh, and who may share it (SEP-2549).
 *
 * - On a modern connection, a `ttlMs` the server sent wins (an explicit 0 stays 0); without one,
 *   `defaultTtlMs` applies. On a legacy connection the hints are ignored: `defaultTtlMs` only.
 * - The TTL is clamped to [0, 24 h]: negative (and non-numbers) mean 0, more than a day means a day.
 * - The scope is `"public"` only on a modern connection whose result says `cacheScope: "public"`;
 *   a missing scope is `"private"` (the safe reading for servers that predate the hint).
 */
import type { CacheScope } from './cache-key.js';

/** The longest TTL the cache honours: 24 hours. */
export const MAX_TTL_MS = 86_400_000;

/** What {@link resolveFreshness} decided for a result. */
export interface Freshness {
  /** Milliseconds the result stays fresh, in [0, {@link MAX_TTL_MS}]; 0 = not cached. */
  readonly ttlMs: number;
  readonly scope: CacheScope;
}

/** The TTL and scope of `result`, fetched on a `modern` (or legacy) connection. */
export function resolveFreshness(result: unknown, modern: boolean, defaultTtlMs: number): Freshness {
  const hints = modern && typeof result === 'object' && result !== null ? (result as { ttlMs?: unknown; cacheScope?: unknown }) : undefined;
  const wire = hints?.ttlMs;
  const ttl = typeof wire === 'number' ? wire : defaultTtlMs;
  return {
    ttlMs: ttl > 0 ? Math.min(ttl, MAX_TTL_MS) : 0,
    scope: hints?.cacheScope === 'public' ? 'public' : 'private',
  };
}
