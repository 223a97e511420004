import { isFresh, isCacheEntry } from '../../lib/cache/cache-entry.js';
import { MAX_TTL_MS, resolveFreshness } from '../../lib/cache/freshness.js';

describe('resolveFreshness', () => {
  it('takes a modern ttlMs from the wire, an explicit 0 included', () => {
    expect(resolveFreshness({ ttlMs: 5000, cacheScope: 'public' }, true, 100)).toEqual({ ttlMs: 5000, scope: 'public' });
    expect(resolveFreshness({ ttlMs: 0 }, true, 100)).toEqual({ ttlMs: 0, scope: 'private' });
  });

  it('falls back to defaultTtlMs without a hint (item 49), and scope private without cacheScope', () => {
    expect(resolveFreshness({ tools: [] }, true, 0)).toEqual({ ttlMs: 0, scope: 'private' });
    expect(resolveFreshness({ tools: [] }, true, 700)).toEqual({ ttlMs: 700, scope: 'private' });
  });

  it('ignores the hints on legacy connections (item 50)', () => {
    expect(resolveFreshness({ ttlMs: 5000, cacheScope: 'public' }, false, 0)).toEqual({ ttlMs: 0, scope: 'private' });
    expect(resolveFreshness({ ttlMs: 5000, cacheScope: 'public' }, false, 300)).toEqual({ ttlMs: 300, scope: 'private' });
  });

  it('clamps to 24 h (item 59) and treats negative as 0', () => {
    expect(resolveFreshness({ ttlMs: 86_400_001 }, true, 0).ttlMs).toBe(MAX_TTL_MS);
    expect(resolveFreshness({ ttlMs: Number.POSITIVE_INFINITY }, true, 0).ttlMs).toBe(86_400_000);
    expect(resolveFreshness({ ttlMs: -5 }, true, 1000).ttlMs).toBe(0);
    expect(resolveFreshness({}, false, 10 * MAX_TTL_MS).ttlMs).toBe(MAX_TTL_MS);
  });

  it('reads nothing from a non-object', () => {
    expect(resolveFreshness(null, true, 5)).toEqual({ ttlMs: 5, scope: 'private' });
  });
});

describe('cache entries', () => {
  it('are fresh only while expiresAt > now: expiring exactly now is stale, undefined never fresh', () => {
    expect(isFresh({ value: 1, scope: 'private', expiresAt: 101 }, 100)).toBe(true);
    expect(isFresh({ value: 1, scope: 'private', expiresAt: 100 }, 100)).toBe(false);
    expect(isFresh({ value: 1, scope: 'private', expiresAt: undefined }, 100)).toBe(false);
  });

  it('are recognized by shape', () => {
    expect(isCacheEntry({ value: 1, scope: 'public', expiresAt: 5 })).toBe(true);
    expect(isCacheEntry({ value: 1, scope: 'private' })).toBe(true);
    expect(isCacheEntry({ value: 1, scope: 'private', expiresAt: null })).toBe(true);
    expect(isCacheEntry({ value: 1, scope: 'shared', expiresAt: 5 })).toBe(false);
    expect(isCacheEntry({ scope: 'private', expiresAt: 5 })).toBe(false);
    expect(isCacheEntry({ value: 1, scope: 'private', expiresAt: '5' })).toBe(false);
    expect(isCacheEntry('entry')).toBe(false);
  });
});
