/**
 * `evictOnInvalidCursor`: for a listing page fetched with a cursor (never cached itself). When the
 * server rejects the cursor (`McpError` -32602, invalid params), the cached cursorless listing
 * is evicted before the error goes on: the pages it pointed into are gone (SEP-2549: discard the
 * cached pages and restart). Other errors evict nothing; neither does a `'bypass'` call.
 *
 * ```ts
 * client.session.listTools$({ cursor }).pipe(evictOnInvalidCursor(cache, { method: 'tools/list', version }))
 * ```
 */
import { catchError, from, mergeMap, throwError, type MonoTypeOperatorFunction } from 'rxjs';
import type { CacheMode } from '../cache/config.js';
import { isPromiseLike } from '../cache/maybe-promise.js';
import type { ResponseCache } from '../cache/response-cache.js';
import { ErrorCode } from '../protocol/error-codes.js';
import { McpError } from '../protocol/errors.js';

/** Options of {@link evictOnInvalidCursor}. */
export interface EvictOnInvalidCursorOptions {
  /** The listing method, e.g. `tools/list`. */
  readonly method: string;
  /** The negotiated protocol version. */
  readonly version: string;
  /** The call's cache mode: `'bypass'` evicts nothing. Default `'use'`. */
  readonly mode?: CacheMode;
}

/** Evicts the cursorless listing of `method` when a cursor page fails with -32602. */
export function evictOnInvalidCursor<T>(cache: ResponseCache, options: EvictOnInvalidCursorOptions): MonoTypeOperatorFunction<T> {
  if (options.mode === 'bypass') return (source) => source;
  const target = { method: options.method, paramsKey: '', version: options.version };
  return catchError((error: unknown) => {
    if (!(error instanceof McpError) || error.code !== ErrorCode.InvalidParams) return throwError(() => error);
    const evicted = cache.evict(target);
    return isPromiseLike(evicted) ? from(Promise.resolve(evicted)).pipe(mergeMap(() => throwError(() => error))) : throwError(() => error);
  });
}
