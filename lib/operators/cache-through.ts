/**
 * `cacheThrough`: a request Observable through the response cache, with request coalescing.
 *
 * ```ts
 * client.session.listTools$().pipe(cacheThrough(cache, { method: 'tools/list', version: client.protocolVersion }))
 * ```
 *
 * By mode:
 *
 * - `'use'` (default): a fresh entry is emitted as the result (no request is sent). On a miss, the
 *   caller joins an identical fetch already in flight in this cache, or starts one that later
 *   callers join: 1,000 concurrent identical calls make one request. The result is stored when
 *   its freshness allows (see `ResponseCache.write`).
 * - `'refresh'`: never reads and never joins (a fetch in flight may have been sent before the
 *   change the caller knows about); always sends its own request and stores the result. Its
 *   fetch becomes the one later `'use'` callers join, and fetches sent before it are not stored
 *   when they finish (they still answer their callers), so older data never overwrites it.
 * - `'bypass'`: the source, untouched: no read, no write, no sharing.
 *
 * Sharing never crosses a cache (a cache is one client: one server identity, one authorization
 * partition), a protocol version, or an eviction (callers after an eviction start a new fetch).
 * Callers that join share the first caller's request as it was made: its params, headers and
 * deadlines (a deadline applied inside the source fails every waiter; one applied after this
 * operator is each caller's own). Joiners see progress events from the moment they join.
 *
 * The result (a hit, or a fetched one) is deep-frozen and the same object for every caller:
 * mutating it throws in strict-mode code; `structuredClone` it for a mutable copy. An
 * `input_required` first round is passed on but never stored (a `'refresh'` that meets one
 * evicts the warm entry). Unsubscribing leaves the flight; the last waiter leaving before the
 * result cancels the fetch. An error reaches every waiter and stores nothing.
 *
 * With a synchronous store (the default), a hit is emitted synchronously on subscribe.
 */
import { Observable, type MonoTypeOperatorFunction, type Subscription } from 'rxjs';
import type { CacheMode } from '../cache/config.js';
import { Flight } from '../cache/flights.js';
import { isPromiseLike } from '../cache/maybe-promise.js';
import type { CacheTarget } from '../cache/cache-target.js';
import type { ResponseCache } from '../cache/response-cache.js';
import type { RequestEvent } from '../dispatch/request-events.js';

/** Options of {@link cacheThrough}: which response, and how. */
export interface CacheThroughOptions extends CacheTarget {
  /** Default `'use'`. */
  readonly mode?: CacheMode;
}

/**
 * Serves, shares and stores a cacheable request through `cache` (see the modes above).
 *
 * @example
 * ```ts
 * const tools$ = client.session.listTools$().pipe(cacheThrough(cache, { method: 'tools/list', version: client.protocolVersion! }));
 * ```
 */
export function cacheThrough<R>(cache: ResponseCache, options: CacheThroughOptions): MonoTypeOperatorFunction<RequestEvent<R>> {
  const mode = options.mode ?? 'use';
  if (mode === 'bypass') return (source) => source;
  const target: Required<CacheTarget> = { method: options.method, paramsKey: options.paramsKey ?? '', version: options.version };
  if (mode === 'refresh') return (source) => new Observable<RequestEvent<R>>((subscriber) => startFlight(cache, target, 'refresh', source).attach(subscriber));
  return (source) =>
    new Observable<RequestEvent<R>>((subscriber) => {
      const hit = cache.read<R>(target);
      if (!isPromiseLike(hit)) {
        if (hit === undefined) return joinFlight(cache, target, source).attach(subscriber);
        subscriber.next({ type: 'result', result: hit });
        subscriber.complete();
        return undefined;
      }
      let joined: Subscription | undefined;
      let left = false;
      void Promise.resolve(hit).then((value) => {
        if (left) return;
        if (value === undefined) {
          joined = joinFlight(cache, target, source).attach(subscriber);
          return;
        }
        subscriber.next({ type: 'result', result: value });
        subscriber.complete();
      });
      return () => {
        left = true;
        joined?.unsubscribe();
      };
    });
}

/** The joinable flight of `target`, or a new one. */
function joinFlight<R>(cache: ResponseCache, target: Required<CacheTarget>, source: Observable<RequestEvent<R>>): Flight<R> {
  return (cache.flights.get(target.version, target.method, target.paramsKey) as Flight<R> | undefined) ?? startFlight(cache, target, 'use', source);
}

/** A new flight of `target`, made the joinable one. */
function startFlight<R>(cache: ResponseCache, target: Required<CacheTarget>, mode: 'use' | 'refresh', source: Observable<RequestEvent<R>>): Flight<R> {
  const flight = new Flight<R>(cache, target, mode, source);
  cache.flights.register(flight as Flight<unknown>);
  return flight;
}
