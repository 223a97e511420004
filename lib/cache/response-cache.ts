/**
 * `ResponseCache`: the coordinator between requests and a {@link ResponseCacheStore} (SEP-2549).
 * One per client: it knows the server identity, the authorization partition and the clock, and
 * turns (method, params key, protocol version) into store keys.
 *
 * - **Read**: the private arm first; if that is missing or stale, the public arm, whose entry is
 *   served only if its scope is `"public"` (a stale private entry never shadows a fresh public
 *   one). Store failures and invalid entries are misses.
 * - **Write** (after a fetch): dropped if the key was evicted since the fetch began. The TTL and
 *   scope come from the result (see `resolveFreshness`); TTL 0 stores nothing (and a `refresh`
 *   then removes the old entry). Otherwise the opposite arm is deleted first (if that fails, the
 *   own arm too, and nothing is stored), then the own arm set; a failed set deletes the own arm;
 *   an eviction that landed during the set deletes it again.
 * - **Evict**: bumps the key's generation (discarding writes of fetches in flight), detaches any
 *   shared fetch in flight, and evicts both arms of that protocol version (`store.evict` where the
 *   store has it, so a shared store evicts for every process; else `store.delete`).
 *
 * Every operation returns synchronously when the store does (a hit on the in-memory store costs
 * no microtask hop) and a Promise when the store does. None of them throws or rejects: a store
 * failure degrades to a miss or a skipped write, reported once per failure burst on `warnings$`.
 * Values are deep-frozen on the way in (see `deepFreeze`), so a hit can be handed out as is.
 */
import { Observable, Subject } from 'rxjs';
import { isModernProtocolVersion } from '../protocol/versions.js';
import { isCacheEntry, isFresh, type CacheEntry } from './cache-entry.js';
import { armString, type CacheKey, type CacheScope } from './cache-key.js';
import { resolveCacheConfig, type CacheConfig, type CacheMode, type CacheServerContext, type ResolvedCacheConfig } from './config.js';
import type { CacheTarget } from './cache-target.js';
import { FlightTable } from './flights.js';
import { deepFreeze } from '../protocol/freeze.js';
import { resolveFreshness } from './freshness.js';
import { GenerationMap, type WriteToken } from './generations.js';
import { invalidationTargets, type NotificationLike } from './invalidation.js';
import { chain, isPromiseLike, type MaybePromise } from './maybe-promise.js';
import type { ResponseCacheStore } from './store.js';
import { WarningGate, type CacheWarning } from './warnings.js';

/** Options of {@link ResponseCache.write}. */
export interface CacheWriteOptions {
  /** What {@link ResponseCache.capture} gave before the fetch was sent. */
  readonly token: WriteToken;
  /** The call's mode; with `'refresh'`, a result that may not be cached removes the old entry. Default `'use'`. */
  readonly mode?: CacheMode;
}

/** The two arm strings of one protocol version. */
interface Arms {
  readonly private: string;
  readonly public: string;
}

/** The response cache of one client. */
export class ResponseCache {
  /** The store, the user's or the cache's own. */
  readonly store: ResponseCacheStore;
  private readonly resolved: ResolvedCacheConfig;
  /** The authorization partition of private entries. */
  readonly partition: string;
  /** Whether public entries are shared across partitions. */
  readonly sharePublic: boolean;
  /** TTL of results without a usable hint. */
  readonly defaultTtlMs: number;
  /** The wall clock (epoch milliseconds). */
  readonly clock: () => number;
  /** True when the store is the cache's own. */
  readonly ownsStore: boolean;
  /**
   * Shared fetches in flight, for request coalescing (used by the `cacheThrough` operator, and
   * detached here on eviction). Not for direct use.
   */
  readonly flights = new FlightTable();

  private readonly warningSubject = new Subject<CacheWarning>();
  private readonly gate = new WarningGate((warning) => this.warningSubject.next(warning));
  private readonly generations = new GenerationMap();
  private readonly armsByVersion = new Map<string, Arms>();

  /** Store failures and invalid entries, once per failure burst per operation kind. Hot. */
  readonly warnings$: Observable<CacheWarning> = this.warningSubject.asObservable();

  /**
   * Validates `config` (throwing `CacheConfigError`) and derives the server identity: from
   * `targetId`, else `server.serverUrl`, else a random one for this cache alone.
   */
  constructor(config: CacheConfig = {}, server: CacheServerContext = {}) {
    const resolved = resolveCacheConfig(config, server);
    this.resolved = resolved;
    this.store = resolved.store;
    this.ownsStore = resolved.ownsStore;
    this.partition = resolved.partition;
    this.sharePublic = resolved.sharePublic;
    this.defaultTtlMs = resolved.defaultTtlMs;
    this.clock = resolved.clock;
  }

  /** The SHA-256 hex identity of the server (derived when first read, so a cache of its own does not load Web Crypto before the server is spawned). */
  get armId(): string {
    return this.resolved.armId;
  }

  /** The arm string of `scope` at `version` for this cache. */
  armOf(scope: CacheScope, version: string): string {
    const arms = this.arms(version);
    return scope === 'private' ? arms.private : arms.public;
  }

  /** The store key of `target` in the `scope` arm. */
  keyOf(scope: CacheScope, target: CacheTarget): CacheKey {
    return { method: target.method, paramsKey: target.paramsKey ?? '', partition: this.armOf(scope, target.version) };
  }

  /**
   * The fresh cached result of `target` (deep-frozen), or `undefined` on a miss. Synchronous
   * when the store is; never throws or rejects.
   */
  read<R>(target: CacheTarget): MaybePromise<R | undefined> {
    const arms = this.arms(target.version);
    const paramsKey = target.paramsKey ?? '';
    const own = this.get({ method: target.method, paramsKey, partition: arms.private });
    const next = (entry: CacheEntry | undefined): MaybePromise<R | undefined> => {
      if (entry !== undefined && isFresh(entry, this.clock())) return this.serve<R>(entry);
      const shared = this.get({ method: target.method, paramsKey, partition: arms.public });
      return isPromiseLike(shared) ? Promise.resolve(shared).then((found) => this.servePublic<R>(found)) : this.servePublic<R>(shared);
    };
    return isPromiseLike(own) ? Promise.resolve(own).then(next) : next(own);
  }

  /** Captures `target`'s generation before its fetch is sent; pass the token to {@link ResponseCache.write}. */
  capture(target: CacheTarget): WriteToken {
    return this.generations.capture(target.method, target.paramsKey ?? '');
  }

  /**
   * Makes the fetches of `target` already in flight stale without evicting anything: their
   * results still reach their callers but are not stored. A `refresh` does this as it starts, so
   * an older fetch finishing later cannot overwrite the refreshed entry.
   */
  supersede(target: CacheTarget): void {
    this.generations.bump(target.method, target.paramsKey ?? '');
  }

  /**
   * Stores `result`, fetched for `target`, for as long as its freshness allows. Resolves to true
   * when it was stored. Deep-freezes `result` in place when it is stored. Never throws or rejects.
   */
  write(target: CacheTarget, result: unknown, options: CacheWriteOptions): MaybePromise<boolean> {
    if (this.generations.moved(options.token)) return false;
    const receivedAt = this.clock();
    const { ttlMs, scope } = resolveFreshness(result, isModernProtocolVersion(target.version), this.defaultTtlMs);
    const own = this.keyOf(scope, target);
    const opposite = this.keyOf(scope === 'private' ? 'public' : 'private', target);
    if (ttlMs <= 0) return options.mode === 'refresh' ? chain(this.deleteBoth(own, opposite), () => false) : false;
    const abandon = (): MaybePromise<boolean> => chain(this.delete(own), () => false);
    return chain(this.delete(opposite), (cleared) => {
      if (!cleared) return abandon();
      const entry: CacheEntry = { value: deepFreeze(result), scope, expiresAt: receivedAt + ttlMs };
      return chain(this.set(own, entry), (stored) => (!stored || this.generations.moved(options.token) ? abandon() : true));
    });
  }

  /**
   * Evicts `target` (both arms at its version): fetches of it in flight will not write, and
   * later callers do not join them. Never throws or rejects.
   */
  evict(target: CacheTarget): MaybePromise<void> {
    const paramsKey = target.paramsKey ?? '';
    this.generations.bump(target.method, paramsKey);
    this.flights.detach(target.version, target.method, paramsKey);
    return this.evictBoth(this.keyOf('private', target), this.keyOf('public', target));
  }

  /**
   * Evicts what `notification` makes stale at `version` (see `invalidationTargets`); does
   * nothing for other notifications. Never throws or rejects.
   */
  invalidate(notification: NotificationLike, version: string): MaybePromise<void> {
    const targets = invalidationTargets(notification);
    const pending: PromiseLike<void>[] = [];
    for (const { method, paramsKey } of targets) {
      const done = this.evict({ method, paramsKey, version });
      if (isPromiseLike(done)) pending.push(done);
    }
    return pending.length === 0 ? undefined : Promise.all(pending).then(() => undefined);
  }

  /** Ends `warnings$`. The store is left as it is. */
  close(): void {
    this.warningSubject.complete();
  }

  // ---- internals ---------------------------------------------------------------------------------

  private arms(version: string): Arms {
    let arms = this.armsByVersion.get(version);
    if (arms === undefined) {
      const parts = { version, armId: this.armId, partition: this.partition, sharePublic: this.sharePublic };
      arms = { private: armString({ scope: 'private', ...parts }), public: armString({ scope: 'public', ...parts }) };
      this.armsByVersion.set(version, arms);
    }
    return arms;
  }

  private serve<R>(entry: CacheEntry): R {
    // A value this cache stored is frozen already (O(1)); one a serializing store rebuilt is frozen now.
    return deepFreeze(entry.value) as R;
  }

  private servePublic<R>(entry: CacheEntry | undefined): R | undefined {
    return entry !== undefined && entry.scope === 'public' && isFresh(entry, this.clock()) ? this.serve<R>(entry) : undefined;
  }

  /** `store.get`, with failures and invalid entries turned into misses. */
  private get(key: CacheKey): MaybePromise<CacheEntry | undefined> {
    let answer: MaybePromise<CacheEntry | undefined | null>;
    try {
      answer = this.store.get(key);
    } catch (error) {
      this.gate.failed('get', 'cache-store-failed', error);
      return undefined;
    }
    if (!isPromiseLike(answer)) return this.checked(answer);
    return Promise.resolve(answer).then(
      (entry) => this.checked(entry),
      (error: unknown) => {
        this.gate.failed('get', 'cache-store-failed', error);
        return undefined;
      },
    );
  }

  private checked(entry: unknown): CacheEntry | undefined {
    if (entry === undefined || entry === null) {
      this.gate.succeeded('get');
      return undefined;
    }
    if (!isCacheEntry(entry)) {
      this.gate.failed('get', 'cache-entry-invalid', entry);
      return undefined;
    }
    this.gate.succeeded('get');
    return (entry.expiresAt as unknown) === null ? { value: entry.value, scope: entry.scope, expiresAt: undefined } : entry;
  }

  /** `store.set`; resolves to whether it succeeded. */
  private set(key: CacheKey, entry: CacheEntry): MaybePromise<boolean> {
    return this.attempt('set', () => this.store.set(key, entry));
  }

  /** `store.delete`; resolves to whether it succeeded. */
  private delete(key: CacheKey): MaybePromise<boolean> {
    return this.attempt('delete', () => this.store.delete(key));
  }

  private deleteBoth(a: CacheKey, b: CacheKey): MaybePromise<void> {
    const first = this.delete(a);
    const second = this.delete(b);
    return isPromiseLike(first) || isPromiseLike(second) ? Promise.all([first, second]).then(() => undefined) : undefined;
  }

  /** `store.evict` of both arms where the store has it (an eviction for every sharer), else `delete`. */
  private evictBoth(a: CacheKey, b: CacheKey): MaybePromise<void> {
    const store = this.store;
    if (store.evict === undefined) return this.deleteBoth(a, b);
    const first = this.attempt('delete', () => store.evict!(a));
    const second = this.attempt('delete', () => store.evict!(b));
    return isPromiseLike(first) || isPromiseLike(second) ? Promise.all([first, second]).then(() => undefined) : undefined;
  }

  private attempt(operation: 'set' | 'delete', run: () => MaybePromise<void>): MaybePromise<boolean> {
    let done: MaybePromise<void>;
    try {
      done = run();
    } catch (error) {
      this.gate.failed(operation, 'cache-store-failed', error);
      return false;
    }
    const succeeded = (): boolean => {
      this.gate.succeeded(operation);
      return true;
    };
    if (!isPromiseLike(done)) return succeeded();
    return Promise.resolve(done).then(succeeded, (error: unknown) => {
      this.gate.failed(operation, 'cache-store-failed', error);
      return false;
    });
  }
}
