/**
 * Request coalescing: identical cacheable requests in flight at the same time share one fetch.
 *
 * A {@link Flight} is one fetch and the callers waiting on it. The first caller's request
 * Observable is subscribed once; callers that join later see its events from then on and its
 * result. When the last waiter leaves before the result, the fetch is unsubscribed (cancelled on
 * the server). An error reaches every waiter. When the result arrives it is deep-frozen, written
 * to the cache (waiting for the store, so a caller arriving after the result hits the entry),
 * the flight leaves the table, and every waiter gets the same frozen result.
 *
 * A {@link FlightTable} belongs to one `ResponseCache` (one client: one server identity, one
 * partition) and keys flights by protocol version, method and params key, so a fetch is never
 * shared across partitions or eras. An eviction detaches the flight of its key: callers after
 * the eviction start a fresh fetch, and the detached one does not write (its generation moved).
 * A refresh flight replaces the joinable flight of its key and supersedes the fetches in flight
 * before it: they still answer their callers, but only the refresh's result is stored.
 */
import { Subject, type Observable, type Subscriber, type Subscription } from 'rxjs';
import type { RequestEvent, ResultEvent } from '../dispatch/request-events.js';
import { isInputRequired } from '../protocol/result-type.js';
import { deepFreeze } from '../protocol/freeze.js';
import type { WriteToken } from './generations.js';
import { chain, type MaybePromise } from './maybe-promise.js';
import type { CacheTarget } from './cache-target.js';

/** The modes that fetch through a flight (`bypass` never does). */
export type FlightMode = 'use' | 'refresh';

/**
 * What a flight needs of its cache (the `ResponseCache` implements it): the table it is filed in,
 * the write generations, the write of its result and the eviction a refresh may need. Defined here,
 * beside its user, so the flights do not import the cache that owns them.
 */
export interface FlightCache {
  /** The table of this cache's flights. */
  readonly flights: FlightTable;
  /** Marks the fetches of `target` in flight as superseded: only later ones may store. */
  supersede(target: CacheTarget): void;
  /** The generation a fetch of `target` starts in, for its write. */
  capture(target: CacheTarget): WriteToken;
  /** Stores a fetched result (dropped if `target` was evicted since `token`). */
  write(target: CacheTarget, result: unknown, options: { readonly token: WriteToken; readonly mode: FlightMode }): MaybePromise<unknown>;
  /** Drops the entry of `target`. */
  evict(target: CacheTarget): MaybePromise<void>;
}

/** The shared fetches of one cache, by (version, method, paramsKey). */
export class FlightTable {
  private readonly flights = new Map<string, Flight<unknown>>();

  /** How many flights are joinable. */
  get size(): number {
    return this.flights.size;
  }

  /** The joinable flight of a key, if any. */
  get(version: string, method: string, paramsKey: string): Flight<unknown> | undefined {
    return this.flights.get(flightId(version, method, paramsKey));
  }

  /** Makes `flight` the joinable flight of its key (replacing an older one, which carries on detached). */
  register(flight: Flight<unknown>): void {
    this.flights.set(flight.id, flight);
  }

  /** Makes the flight of a key no longer joinable. */
  detach(version: string, method: string, paramsKey: string): void {
    this.flights.delete(flightId(version, method, paramsKey));
  }

  /** Removes `flight`, if it is still the joinable one of its key. */
  remove(flight: Flight<unknown>): void {
    if (this.flights.get(flight.id) === flight) this.flights.delete(flight.id);
  }
}

/** One fetch shared by the callers waiting on it. */
export class Flight<R> {
  /** The table key. */
  readonly id: string;
  private readonly events = new Subject<RequestEvent<R>>();
  private readonly token: WriteToken;
  private upstream: Subscription | undefined;
  private waiting = 0;
  private started = false;
  /** The result arrived: waiters leaving no longer cancel anything. */
  private settling = false;
  private result: ResultEvent<R> | undefined;

  constructor(
    private readonly cache: FlightCache,
    private readonly target: Required<CacheTarget>,
    private readonly mode: FlightMode,
    private readonly source: Observable<RequestEvent<R>>,
  ) {
    this.id = flightId(target.version, target.method, target.paramsKey);
    // A refresh supersedes the fetches already in flight: only results sent after it may be stored.
    if (mode === 'refresh') cache.supersede(target);
    this.token = cache.capture(target);
  }

  /** Adds a waiter, starting the fetch with the first. Unsubscribing the returned subscription removes it. */
  attach(subscriber: Subscriber<RequestEvent<R>>): Subscription {
    this.waiting++;
    const subscription = this.events.subscribe(subscriber);
    subscription.add(() => this.leave());
    if (!this.started) {
      this.started = true;
      this.upstream = this.source.subscribe({
        next: (event) => {
          if (event.type === 'result') this.result = event;
          else this.events.next(event);
        },
        error: (error: unknown) => {
          this.settling = true;
          this.cache.flights.remove(this as Flight<unknown>);
          this.events.error(error);
        },
        complete: () => this.settle(),
      });
    }
    return subscription;
  }

  private leave(): void {
    if (--this.waiting > 0 || this.settling) return;
    // Everyone left before the result: cancel the fetch, and let nobody join it any more.
    this.cache.flights.remove(this as Flight<unknown>);
    this.upstream?.unsubscribe();
  }

  /** The fetch completed: store its result, then hand it to every waiter. */
  private settle(): void {
    this.settling = true;
    const event = this.result;
    if (event === undefined) {
      this.cache.flights.remove(this as Flight<unknown>);
      this.events.complete();
      return;
    }
    let result: R;
    let stored: MaybePromise<unknown>;
    try {
      result = deepFreeze(event.result);
      // An input_required first round is never cached; a refresh that meets one drops the warm entry.
      stored = isInputRequired(result)
        ? this.mode === 'refresh'
          ? this.cache.evict(this.target)
          : undefined
        : this.cache.write(this.target, result, { token: this.token, mode: this.mode });
    } catch (error) {
      this.cache.flights.remove(this as Flight<unknown>);
      this.events.error(error);
      return;
    }
    chain(stored, () => {
      this.cache.flights.remove(this as Flight<unknown>);
      this.events.next({ type: 'result', result });
      this.events.complete();
    });
  }
}

/** One injective string per (version, method, paramsKey): lengths before the first two. */
function flightId(version: string, method: string, paramsKey: string): string {
  return `${version.length}:${version}${method.length}:${method}${paramsKey}`;
}
