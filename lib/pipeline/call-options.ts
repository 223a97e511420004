/**
 * The per-call options the request chain reads: retry, cache mode, and the context bag. Their
 * own file because the chain's stages, the client's methods and the option checks
 * (`client/check-options.ts`) all need them, and none imports the others for them.
 */
import type { CacheMode } from '../cache/config.js';
import type { RetryPolicy } from '../operators/retry.js';
import type { InputRequiredOptions } from '../session/session-options.js';
import type { McpContext } from './context.js';

/** Per-call retry: a policy for this call, or `false` for none. Default: the client's `retry` option. */
export interface RetryCallOptions {
  /** The retry policy of this call, or `false` to make it once. */
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

/** Per-call context: the bag the call's interceptors share (a fresh one when not given). */
export interface ContextCallOptions {
  /** The bag this call's interceptors share. */
  readonly context?: McpContext;
}

/**
 * Per-call task request of `tools/call` on 2025-11-25 connections (experimental tasks): `true`
 * or `{ ttl }` runs a tool whose `execution.taskSupport` is `optional` as a task (one that is
 * `required` always runs as one). The result is the same either way. Ignored on 2026-07-28
 * connections, where the server decides.
 */
export interface TaskCallOptions {
  /** Run the call as a task (`ttl`: how long the server keeps it, in ms). */
  readonly task?: boolean | { readonly ttl?: number };
}

/** Every option a request carries through the chain (`McpRequest.options`). */
export interface McpRequestOptions extends InputRequiredOptions, RetryCallOptions, CacheCallOptions, ContextCallOptions, TaskCallOptions {}
