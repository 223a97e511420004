/**
 * The option types of the client's request methods: per form (`…$` for an Observable, without
 * for a Promise, which adds `signal` and `onProgress`) and per kind of request.
 */
import type { CacheCallOptions, ContextCallOptions, RetryCallOptions, TaskCallOptions } from '../pipeline/call-options.js';
import type { InputRequiredOptions, RequestOptions } from '../session/session-options.js';
import type { PromiseRequestOptions } from './to-promise.js';

/** Options of a request's Observable. */
export interface CallOptions$ extends RequestOptions, RetryCallOptions, ContextCallOptions {}

/** Options of a Promise-returning request. */
export interface CallOptions extends CallOptions$, PromiseRequestOptions {}

/** Options of a listing's Observable (the cursorless page is cacheable). */
export interface ListOptions$ extends CallOptions$, CacheCallOptions {}

/** Options of a Promise-returning listing. */
export interface ListOptions extends ListOptions$, PromiseRequestOptions {}

/** Options of the Observable of a request that may need input. */
export interface InputCallOptions$ extends InputRequiredOptions, RetryCallOptions, CacheCallOptions, ContextCallOptions, TaskCallOptions {}

/** Options of a Promise-returning request that may need input (`cacheMode` applies to `readResource`). */
export interface InputCallOptions extends InputCallOptions$, PromiseRequestOptions {}

