import { messageOf } from '../protocol/describe.js';
/**
 * What the cache reports instead of failing a request: a store operation that threw or
 * rejected, or an entry that was not an entry. One warning per failure burst per operation kind:
 * after a `get` failed, further `get` failures stay quiet until a `get` succeeds again, so a
 * store that is down produces one warning, not one per request.
 */

/** A store operation. */
export type CacheStoreOperation = 'get' | 'set' | 'delete' | 'clear';

/** One cache warning. */
export interface CacheWarning {
  /** `cache-store-failed`: the store threw or rejected; `cache-entry-invalid`: `get` gave back something that is not a `CacheEntry`. */
  readonly code: 'cache-store-failed' | 'cache-entry-invalid';
  /** The operation that failed. */
  readonly operation: CacheStoreOperation;
  /** A human-readable description. */
  readonly message: string;
  /** What the store threw, or the invalid value. */
  readonly cause?: unknown;
}

/** Tracks failure bursts per operation kind and decides which failures to report. */
export class WarningGate {
  private readonly failing = new Set<CacheStoreOperation>();

  constructor(private readonly report: (warning: CacheWarning) => void) {}

  /** An operation of this kind succeeded: the next failure opens a new burst. */
  succeeded(operation: CacheStoreOperation): void {
    if (this.failing.size !== 0) this.failing.delete(operation);
  }

  /** An operation failed: reported if it opens a burst. */
  failed(operation: CacheStoreOperation, code: CacheWarning['code'], cause: unknown): void {
    if (this.failing.has(operation)) return;
    this.failing.add(operation);
    const what = code === 'cache-entry-invalid' ? 'gave back something that is not a cache entry' : `failed: ${messageOf(cause)}`;
    this.report({ code, operation, message: `Cache store ${operation} ${what}; serving as if not cached (further ${operation} failures stay quiet until one succeeds)`, cause });
  }
}
