/**
 * The per-call retry and cache options the client's request methods take. Their own file because
 * the request runner and the option checks (`check-options.ts`) both need them, and neither
 * imports the other for them.
 */
import type { CacheMode } from '../cache/config.js';
import type { RetryPolicy } from '../operators/retry.js';

/** Per-call retry: a policy for this call, or `false` for none. Default: the client's `retry` option. */
export interface RetryCallOptions {
  /** This call's retry policy, replacing the client's `retry` option; `false`: no retry. */
  readonly retry?: RetryPolicy | false;
}

/** Per-call cache mode of the cacheable requests (the four listings, `resources/read`). */
export interface CacheCallOptions {
  /**
   * `'use'` (default): serve a fresh entry, else fetch (sharing an identical fetch in flight) and
   * store. `'refresh'`: always fetch, and store. `'bypass'`: fetch, neither reading nor storing.
   * A call with `meta` refreshes instead of reading.
   */
  readonly cacheMode?: CacheMode;
}
