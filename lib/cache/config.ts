/**
 * The cache's configuration, and its validation. Every rule is checked when the cache is built
 * (at client construction), with a {@link CacheConfigError} naming the setting.
 */
import { CacheConfigError } from './errors.js';
import { serverArmId } from './identity.js';
import { InMemoryResponseCacheStore } from './in-memory-store.js';
import type { ResponseCacheStore } from './store.js';

/**
 * Per-call cache behaviour: `"use"` serves a fresh entry or fetches and stores; `"refresh"`
 * always fetches and stores (replacing); `"bypass"` fetches without reading or writing.
 */
export type CacheMode = 'use' | 'refresh' | 'bypass';

/** How a client caches responses (SEP-2549). */
export interface CacheConfig {
  /**
   * Where entries live. Default: an `InMemoryResponseCacheStore` of the client's own. A custom
   * store (one you may share between clients) requires `partition`, and `targetId` unless the
   * server is a URL.
   */
  readonly store?: ResponseCacheStore;
  /**
   * The authorization context isolating private entries in a shared store. Derive it from a
   * verified credential (issuer and subject, a token family), never from request data or the
   * server URL. Fixed for the client's lifetime. Default `''`.
   */
  readonly partition?: string;
  /** The server identity, for transports and proxies the cache cannot derive one from. Not empty. */
  readonly targetId?: string;
  /** TTL for results without a `ttlMs` hint (and for every result on legacy connections). Default 0: not cached. */
  readonly defaultTtlMs?: number;
  /** The wall clock, in epoch milliseconds. Default `Date.now`. */
  readonly clock?: () => number;
  /**
   * Serve entries the server marked `"public"` to every partition sharing the store. This
   * trusts the server's classification for every principal: a mislabelled response leaks across
   * tenants. Default false.
   */
  readonly sharePublic?: boolean;
}

/** What the client knows of the server when it builds the cache. */
export interface CacheServerContext {
  /** The server's URL, when the client connects by URL (the identity is derived from it). */
  readonly serverUrl?: string;
}

/** A validated {@link CacheConfig} with its defaults filled in and the server identity derived. */
export interface ResolvedCacheConfig {
  readonly store: ResponseCacheStore;
  /** True when the store is the cache's own (not one the user passed in). */
  readonly ownsStore: boolean;
  readonly partition: string;
  /**
   * The SHA-256 hex server identity, derived on first read: a cache of its own gets a random one
   * from Web Crypto, whose first use loads Node's webcrypto modules (2 to 6 ms of a cold connect,
   * before the server could be spawned), so it is paid when the cache is first used instead.
   */
  readonly armId: string;
  readonly defaultTtlMs: number;
  readonly clock: () => number;
  readonly sharePublic: boolean;
}

/** Validates `config` and fills in its defaults. Throws {@link CacheConfigError}. */
export function resolveCacheConfig(config: CacheConfig = {}, server: CacheServerContext = {}): ResolvedCacheConfig {
  const { store, partition = '', targetId, defaultTtlMs = 0, clock = Date.now, sharePublic = false } = config;
  if (store !== undefined && partition === '') throw new CacheConfigError('a custom cache store requires an explicit partition', 'cache.partition');
  if (targetId !== undefined && (typeof targetId !== 'string' || targetId === '')) throw new CacheConfigError('targetId must be a non-empty string or omitted', 'cache.targetId');
  if (typeof defaultTtlMs !== 'number' || !(defaultTtlMs >= 0)) throw new CacheConfigError(`defaultTtlMs must be >= 0, got ${String(defaultTtlMs)}`, 'cache.defaultTtlMs');
  if (store !== undefined && targetId === undefined && server.serverUrl === undefined) {
    throw new CacheConfigError(
      'a custom cache store requires targetId when the server is not a URL (no server identity can be derived, and entries of different servers must not meet)',
      'cache.targetId',
    );
  }
  let armId: string | undefined;
  const serverUrl = server.serverUrl;
  return {
    store: store ?? new InMemoryResponseCacheStore(),
    ownsStore: store === undefined,
    partition,
    get armId() {
      return (armId ??= serverArmId({ targetId, serverUrl }));
    },
    defaultTtlMs,
    clock,
    sharePublic,
  };
}
