/**
 * The options of `Client.connect` and of each call, checked where they enter, before anything is
 * sent: see `lib/protocol/option-checks.ts` for the rule and the error. The session's own
 * options (timeouts, `logLevel`, callbacks…) are checked by the session; the cache and retry
 * settings by their own modules (`CacheConfigError`, `RetryPolicyError`, both
 * `InvalidOptionError`s).
 */
import { checkRetryPolicy } from '../operators/retry.js';
import { checkBoolean, checkFunction, checkInteger, checkObject, checkOneOf, checkSignal, refuseOption } from '../protocol/option-checks.js';
import { checkSessionOptions } from '../session/check-options.js';
import { validateConnectMode, type ConnectMode } from '../session/negotiation.js';
import { checkNetworkOptions } from '../transport/http/check-http-options.js';
import { checkReconnectOptions } from '../protocol/reconnect-policy.js';
import type { CacheCallOptions, RetryCallOptions } from '../pipeline/call-options.js';
import type { ClientOptions } from './client-options.js';
import type { PromiseRequestOptions } from './to-promise.js';

/** The cache modes of a call. */
const CACHE_MODES: readonly string[] = ['use', 'refresh', 'bypass'];

/** Checks the options of `Client.connect` and returns its mode (default `'auto'`). */
export function checkClientOptions(options: ClientOptions): ConnectMode {
  checkSessionOptions(options);
  const mode = validateConnectMode(options.mode ?? 'auto');
  checkObject('priorDiscover', options.priorDiscover);
  checkEraStore(options.eraStore);
  checkInteger('inputRequiredMaxRounds', options.inputRequiredMaxRounds, 1);
  checkInteger('listMaxPages', options.listMaxPages, 1);
  checkFunction('loggingCallback', options.loggingCallback);
  checkFunction('messageHandler', options.messageHandler);
  checkBoolean('raiseExceptions', options.raiseExceptions);
  checkBoolean('raiseOnError', options.raiseOnError);
  checkFunction('onProgress', options.onProgress);
  const cache: unknown = options.cache;
  if (cache !== undefined && typeof cache !== 'boolean') checkObject('cache', cache);
  if (options.retry !== undefined) checkRetryPolicy(options.retry);
  checkInterceptors(options.interceptors);
  checkNetworkOptions('', options);
  checkReconnectOptions('reconnect', options.reconnect);
  checkOneOf('httpTransport', options.httpTransport, ['auto', 'streamable-http', 'sse']);
  return mode;
}

/** Checks a call's retry policy and cache mode, when given (every call: a comparison each). */
export function checkCallOptions(options: RetryCallOptions & CacheCallOptions): void {
  if (options.retry !== undefined) checkRetryPolicy(options.retry);
  if (options.cacheMode !== undefined) checkOneOf('cacheMode', options.cacheMode, CACHE_MODES);
}

/** Checks the Promise-only options of a call: `signal` and `onProgress`. */
export function checkPromiseOptions(options: PromiseRequestOptions): void {
  if (typeof options !== 'object' || options === null) refuseOption('options', 'an object', options);
  if (options.signal !== undefined) checkSignal('signal', options.signal);
  if (options.onProgress !== undefined) checkFunction('onProgress', options.onProgress);
}

/** Checks the `interceptors` option: an object whose `outer` and `inner` are arrays of functions. */
function checkInterceptors(interceptors: ClientOptions['interceptors']): void {
  if (interceptors === undefined) return;
  checkObject('interceptors', interceptors);
  for (const side of ['outer', 'inner'] as const) {
    const list: unknown = interceptors[side];
    if (list === undefined) continue;
    if (!Array.isArray(list)) refuseOption(`interceptors.${side}`, 'an array of interceptor functions', list);
    list.forEach((interceptor: unknown, index) => {
      if (typeof interceptor !== 'function') refuseOption(`interceptors.${side}[${index}]`, 'a function', interceptor);
    });
  }
}

/** `eraStore` is an `EraStore` (an object with `get`, `set` and `delete` functions) or `false`. */
function checkEraStore(store: unknown): void {
  if (store === undefined || store === false) return;
  const candidate = store as { get?: unknown; set?: unknown; delete?: unknown } | null;
  if (typeof candidate !== 'object' || candidate === null || [candidate.get, candidate.set, candidate.delete].some((member) => typeof member !== 'function')) {
    refuseOption('eraStore', 'an EraStore (an object with get, set and delete functions) or false', store);
  }
}
