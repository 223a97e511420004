/**
 * How a `Client` request runs, between the typed request descriptions of the session and the
 * Promise and Observable methods users call: retried after transport failures when its method
 * allows it, served through the response cache when it is a cacheable one, and driven through
 * its `input_required` rounds. Each Promise method runs the same pipeline as its `$` twin; the
 * Promise path only skips the Observable machinery where nothing is in between (no retry
 * policy applies, or a cache hit is known synchronously).
 */
import { defer, map, of, type Observable } from 'rxjs';
import type * as z from 'zod';
import { InMemoryResponseCacheStore } from '../cache/in-memory-store.js';
import type { CacheMode } from '../cache/config.js';
import type { ResponseCache } from '../cache/response-cache.js';
import type { RequestEvent } from '../dispatch/request-events.js';
import type { RequestSpec } from '../dispatch/request-spec.js';
import { cacheThrough } from '../operators/cache-through.js';
import { evictOnInvalidCursor } from '../operators/evict-on-invalid-cursor.js';
import { driveInputRequired } from '../operators/input-required.js';
import { retryTransient, shouldRetryMethod, type RetryPolicy } from '../operators/retry.js';
import { ConnectionClosedError } from '../protocol/errors.js';
import { isInputRequired } from '../protocol/result-type.js';
import type { InputRequiredResult } from '../protocol/schemas/input-required.js';
import type { ClientSession } from '../session/client-session.js';
import type { InputRequiredOptions, RequestOptions } from '../session/session-options.js';
import type { CacheCallOptions, RetryCallOptions } from './call-options.js';
import type { ResultMode, SessionRequest } from '../session/session-request.js';
import { checkCallOptions, checkPromiseOptions } from './check-options.js';
import { eventsToPromise, runToPromise, type PromiseRequestOptions } from './to-promise.js';

/** What a runner needs of its client. */
export interface RequestRunnerSettings {
  readonly cache: ResponseCache | undefined;
  /** The client-wide retry policy; `false` turns retries off. */
  readonly retry: RetryPolicy | false;
  readonly maxRounds: number;
  /** Where exceptions of `onProgress` callbacks go. */
  readonly reportCallbackError: (error: unknown) => void;
}

type Options = RequestOptions & RetryCallOptions;
type ListingOptions = Options & CacheCallOptions;

/** Runs one client's requests. */
export class RequestRunner {
  /** True when cache reads are known to be synchronous (the in-memory store), so a hit can skip the operator. */
  private readonly syncCache: boolean;

  constructor(
    private readonly session: ClientSession,
    private readonly settings: RequestRunnerSettings,
  ) {
    this.syncCache = settings.cache?.store instanceof InMemoryResponseCacheStore;
  }

  /** A request's events, retried after transient failures when the policy allows its method. */
  events$<R>(spec: RequestSpec<R>, options: RetryCallOptions & CacheCallOptions = {}): Observable<RequestEvent<R>> {
    checkCallOptions(options);
    const events = this.session.run$(spec);
    const policy = this.policyFor(spec.method, options);
    return policy === undefined ? events : events.pipe(retryTransient(policy, { method: spec.method }));
  }

  /**
   * A request's result. A request that cannot be made (a method the negotiated version lacks,
   * an invalid retry policy) rejects.
   */
  run<R>(describe: () => RequestSpec<R>, options: PromiseRequestOptions & RetryCallOptions): Promise<R> {
    let spec: RequestSpec<R>;
    try {
      checkPromiseCall(options);
      spec = describe();
    } catch (error) {
      return Promise.reject(error);
    }
    return this.runSpec(spec, options);
  }

  /** The result of a request already described. */
  private runSpec<R>(spec: RequestSpec<R>, options: PromiseRequestOptions & RetryCallOptions): Promise<R> {
    try {
      if (this.policyFor(spec.method, options) !== undefined) return eventsToPromise(this.events$(spec, options), spec.method, options, this.settings.reportCallbackError);
    } catch (error) {
      return Promise.reject(error);
    }
    return runToPromise(this.session.dispatcher, spec, options, this.settings.reportCallbackError);
  }

  /** A request that may answer `input_required`, its rounds driven: progress, then the final result. */
  rounds$<S extends z.ZodType>(first: SessionRequest<S, ResultMode>, options: RetryCallOptions = {}): Observable<RequestEvent<z.output<S>>> {
    return (this.events$(first, options) as Observable<RequestEvent<z.output<S> | InputRequiredResult>>).pipe(this.driveRounds(first));
  }

  /**
   * The final result of a request that may answer `input_required`; the first round on the fast
   * path. A request that cannot be described rejects.
   */
  runRounds<S extends z.ZodType>(describe: () => SessionRequest<S, ResultMode>, options: PromiseRequestOptions & RetryCallOptions): Promise<z.output<S>> {
    let first: SessionRequest<S, ResultMode>;
    try {
      checkPromiseCall(options);
      first = describe();
    } catch (error) {
      return Promise.reject(error);
    }
    return (this.runSpec(first, options) as Promise<z.output<S> | InputRequiredResult>).then((result) => (isInputRequired(result) ? this.remainingRounds(first, result, options) : result));
  }

  /** The rounds after a first `input_required` answer, to the final result. */
  private remainingRounds<S extends z.ZodType>(first: SessionRequest<S, ResultMode>, result: InputRequiredResult, options: PromiseRequestOptions): Promise<z.output<S>> {
    const events$ = of<RequestEvent<z.output<S> | InputRequiredResult>>({ type: 'result', result }).pipe(this.driveRounds(first));
    return eventsToPromise(events$, first.method, options, this.settings.reportCallbackError);
  }

  /**
   * One page of a listing. The cursorless page goes through the cache; a page with a cursor
   * never does, but a -32602 on it evicts the cached listing. `onResult` sees every result of
   * the cached page (a hit too) before the caller does.
   */
  listing$<R>(spec: RequestSpec<R>, cursor: string | undefined, options: ListingOptions, onResult?: (result: R) => void): Observable<RequestEvent<R>> {
    return defer(() => {
      this.requireOpen();
      const events = this.events$(spec, options);
      const cache = this.settings.cache;
      if (cache === undefined) return events;
      const mode = listingMode(options);
      const version = this.session.protocolVersion!;
      if (cursor !== undefined) return events.pipe(evictOnInvalidCursor(cache, { method: spec.method, version, mode }));
      const cached = events.pipe(cacheThrough(cache, { method: spec.method, version, mode }));
      return onResult === undefined ? cached : cached.pipe(map((event) => (event.type === 'result' && onResult(event.result), event)));
    });
  }

  /** One page of a listing, for its Promise (a synchronous cache hit resolves without a request). */
  listing<R>(describe: () => RequestSpec<R>, cursor: string | undefined, options: ListingOptions & PromiseRequestOptions, onResult?: (result: R) => void): Promise<R> {
    const cache = this.settings.cache;
    if (cache === undefined) return this.run(describe, options);
    let spec: RequestSpec<R>;
    try {
      checkPromiseCall(options);
      spec = describe();
      if (cursor === undefined) {
        const hit = this.syncHit<R>(spec.method, '', listingMode(options));
        if (hit !== undefined) {
          onResult?.(hit);
          return Promise.resolve(hit);
        }
      }
    } catch (error) {
      return Promise.reject(error);
    }
    return eventsToPromise(this.listing$(spec, cursor, options, onResult), spec.method, options, this.settings.reportCallbackError);
  }

  /**
   * `resources/read` through the cache: only the first round is cached (an `input_required`
   * first round is never stored); a call seeded with `inputResponses` or `requestState` bypasses it.
   */
  read$<S extends z.ZodType>(first: SessionRequest<S, ResultMode>, uri: string, options: InputRequiredOptions & ListingOptions): Observable<RequestEvent<z.output<S>>> {
    const cache = this.settings.cache;
    if (cache === undefined) return this.rounds$(first, options);
    return defer(() => {
      this.requireOpen();
      const firstRound = this.events$(first, options).pipe(cacheThrough(cache, { method: first.method, paramsKey: uri, version: this.session.protocolVersion!, mode: readMode(options) }));
      return (firstRound as Observable<RequestEvent<z.output<S> | InputRequiredResult>>).pipe(this.driveRounds(first));
    });
  }

  /** `resources/read` for its Promise (a synchronous cache hit resolves without a request). */
  read<S extends z.ZodType>(describe: () => SessionRequest<S, ResultMode>, uri: string, options: InputRequiredOptions & ListingOptions & PromiseRequestOptions): Promise<z.output<S>> {
    if (this.settings.cache === undefined) return this.runRounds(describe, options);
    let first: SessionRequest<S, ResultMode>;
    try {
      checkPromiseCall(options);
      first = describe();
      const hit = this.syncHit<z.output<S>>(first.method, uri, readMode(options));
      if (hit !== undefined) return Promise.resolve(hit);
    } catch (error) {
      return Promise.reject(error);
    }
    return eventsToPromise(this.read$(first, uri, options), first.method, options, this.settings.reportCallbackError);
  }

  /** The `input_required` loop for the request `first` began. */
  private driveRounds<S extends z.ZodType>(first: SessionRequest<S, ResultMode>) {
    return driveInputRequired<z.output<S>>({
      method: first.method,
      maxRounds: this.settings.maxRounds,
      retry: (round) => this.session.run$(first.withInput(round)) as Observable<RequestEvent<z.output<S> | InputRequiredResult>>,
      fulfil: (requests, signal) => this.session.fulfilInputRequests(requests, signal),
    });
  }

  /** A fresh entry read synchronously, for the Promise fast path; `undefined` when the operator must decide. */
  private syncHit<R>(method: string, paramsKey: string, mode: CacheMode): R | undefined {
    if (!this.syncCache || mode !== 'use') return undefined;
    this.requireOpen();
    return this.settings.cache!.read<R>({ method, paramsKey, version: this.session.protocolVersion! }) as R | undefined;
  }

  /** A closed client never serves from its cache. */
  private requireOpen(): void {
    const dispatcher = this.session.dispatcher;
    if (dispatcher.state !== 'open') throw dispatcher.closeReason ?? new ConnectionClosedError();
  }

  /** The retry policy that applies to `method` in this call, if any. */
  private policyFor(method: string, options: RetryCallOptions): RetryPolicy | undefined {
    const policy = options.retry ?? this.settings.retry;
    return policy !== false && shouldRetryMethod(method, policy) ? policy : undefined;
  }
}

/** Checks the options of a Promise call: its Promise-only ones, its retry policy and cache mode. */
function checkPromiseCall(options: PromiseRequestOptions & RetryCallOptions & CacheCallOptions): void {
  checkPromiseOptions(options);
  checkCallOptions(options);
}

/** A listing's cache mode: a call with `meta` refreshes instead of reading. */
function listingMode(options: ListingOptions): CacheMode {
  const mode = options.cacheMode ?? 'use';
  return mode === 'use' && options.meta !== undefined ? 'refresh' : mode;
}

/** A read's cache mode: seeded calls bypass the cache (a MUST of SEP-2549), `meta` refreshes. */
function readMode(options: InputRequiredOptions & ListingOptions): CacheMode {
  return options.inputResponses !== undefined || options.requestState !== undefined ? 'bypass' : listingMode(options);
}
