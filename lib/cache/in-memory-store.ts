/**
 * The default store: entries in memory, least recently used evicted first.
 *
 * `get` on a hit and `set` both make the key the most recent, so a hot entry survives churn from
 * other keys. Past `maxEntries` the least recent entry goes; replacing an existing key at the
 * cap evicts nothing; `0` means no cap. Every method is synchronous, so the cache reads it
 * without a microtask hop.
 *
 * Keys are held in nested maps (partition → method → paramsKey), never as a concatenated
 * string, and recency in a doubly linked list through the entries, so every operation is O(1)
 * and a lookup hashes no new string.
 */
import type { CacheEntry } from './cache-entry.js';
import type { CacheKey } from './cache-key.js';
import { CacheConfigError } from './errors.js';
import type { ResponseCacheStore } from './store.js';

/** Options of {@link InMemoryResponseCacheStore}. */
export interface InMemoryResponseCacheStoreOptions {
  /** The most entries kept; the least recently used goes beyond it. `0` = unbounded. Default 1024. */
  readonly maxEntries?: number;
}

/** The default cap of {@link InMemoryResponseCacheStore}. */
export const DEFAULT_MAX_CACHE_ENTRIES = 1024;

/** One stored entry, linked into the recency list (`newer` toward the head, the most recent). */
interface Slot {
  readonly partition: string;
  readonly method: string;
  readonly paramsKey: string;
  entry: CacheEntry;
  newer: Slot | undefined;
  older: Slot | undefined;
}

/** An in-memory, LRU-bounded {@link ResponseCacheStore}. */
export class InMemoryResponseCacheStore implements ResponseCacheStore {
  /** The cap (0 = none). */
  readonly maxEntries: number;
  private readonly slots = new Map<string, Map<string, Map<string, Slot>>>();
  private count = 0;
  /** The most recently used slot. */
  private newest: Slot | undefined;
  /** The least recently used slot: the next to go. */
  private oldest: Slot | undefined;

  constructor(options: InMemoryResponseCacheStoreOptions = {}) {
    const maxEntries = options.maxEntries ?? DEFAULT_MAX_CACHE_ENTRIES;
    if (!Number.isInteger(maxEntries) || maxEntries < 0) throw new CacheConfigError(`maxEntries must be an integer >= 0, got ${maxEntries}`, 'maxEntries');
    this.maxEntries = maxEntries;
  }

  /** How many entries are stored. */
  get size(): number {
    return this.count;
  }

  /** The entry under `key` (making it the most recent), or `undefined`. */
  get(key: CacheKey): CacheEntry | undefined {
    const slot = this.slots.get(key.partition)?.get(key.method)?.get(key.paramsKey);
    if (slot === undefined) return undefined;
    this.touch(slot);
    return slot.entry;
  }

  /** Stores `entry` under `key` as the most recent, evicting the least recent past `maxEntries`. */
  set(key: CacheKey, entry: CacheEntry): void {
    let methods = this.slots.get(key.partition);
    if (methods === undefined) this.slots.set(key.partition, (methods = new Map()));
    let params = methods.get(key.method);
    if (params === undefined) methods.set(key.method, (params = new Map()));
    const existing = params.get(key.paramsKey);
    if (existing !== undefined) {
      existing.entry = entry;
      this.touch(existing);
      return;
    }
    const slot: Slot = { partition: key.partition, method: key.method, paramsKey: key.paramsKey, entry, newer: undefined, older: this.newest };
    params.set(key.paramsKey, slot);
    if (this.newest !== undefined) this.newest.newer = slot;
    this.newest = slot;
    this.oldest ??= slot;
    this.count++;
    if (this.maxEntries > 0 && this.count > this.maxEntries) this.remove(this.oldest);
  }

  /** Removes the entry under `key`, if any. */
  delete(key: CacheKey): void {
    const slot = this.slots.get(key.partition)?.get(key.method)?.get(key.paramsKey);
    if (slot !== undefined) this.remove(slot);
  }

  /** Removes every entry. */
  clear(): void {
    this.slots.clear();
    this.count = 0;
    this.newest = this.oldest = undefined;
  }

  /** Makes `slot` the most recent. */
  private touch(slot: Slot): void {
    if (slot === this.newest) return;
    this.unlink(slot);
    slot.newer = undefined;
    slot.older = this.newest;
    if (this.newest !== undefined) this.newest.newer = slot;
    this.newest = slot;
    this.oldest ??= slot;
  }

  private remove(slot: Slot): void {
    this.unlink(slot);
    this.count--;
    const methods = this.slots.get(slot.partition)!;
    const params = methods.get(slot.method)!;
    params.delete(slot.paramsKey);
    // Drop emptied maps, so a churn of partitions or URIs leaves nothing behind.
    if (params.size === 0) {
      methods.delete(slot.method);
      if (methods.size === 0) this.slots.delete(slot.partition);
    }
  }

  /** Takes `slot` out of the recency list. */
  private unlink(slot: Slot): void {
    if (slot.newer === undefined) this.newest = slot.older;
    else slot.newer.older = slot.older;
    if (slot.older === undefined) this.oldest = slot.newer;
    else slot.older.newer = slot.newer;
  }
}
