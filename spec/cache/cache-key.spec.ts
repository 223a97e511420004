import { armString, encodeCacheKey, parseArmString, sameCacheKey } from '../../lib/cache/cache-key.js';

describe('arm strings (item 67)', () => {
  const parts = { version: '2026-07-28', armId: 'abc123', partition: 'tenant-a' };

  it('are exactly the pinned JSON arrays', () => {
    expect(armString({ scope: 'private', ...parts, sharePublic: false })).toBe('["private","2026-07-28","abc123","tenant-a"]');
    expect(armString({ scope: 'public', ...parts, sharePublic: false })).toBe('["public","2026-07-28","abc123","tenant-a"]');
    expect(armString({ scope: 'public', ...parts, sharePublic: true })).toBe('["public","2026-07-28","abc123"]');
    expect(armString({ scope: 'private', ...parts, sharePublic: true })).toBe('["private","2026-07-28","abc123","tenant-a"]');
  });

  it('keep the partition when it is empty, and escape what JSON escapes', () => {
    expect(armString({ scope: 'private', version: '2025-11-25', armId: 'x', partition: '', sharePublic: false })).toBe('["private","2025-11-25","x",""]');
    expect(armString({ scope: 'private', version: 'v', armId: 'x', partition: 'a","b', sharePublic: false })).toBe('["private","v","x","a\\",\\"b"]');
  });

  it('parse back into their parts, and nothing else parses', () => {
    for (const partition of ['tenant-a', '', 'a","b', '["x"]']) {
      for (const sharePublic of [false, true]) {
        for (const scope of ['public', 'private'] as const) {
          const arm = armString({ scope, version: 'v', armId: 'x', partition, sharePublic });
          const shared = scope === 'public' && sharePublic;
          expect(parseArmString(arm)).toEqual(shared ? { scope, version: 'v', armId: 'x' } : { scope, version: 'v', armId: 'x', partition });
        }
      }
    }
    for (const other of ['', 'tenant-a', '["other","v","x"]', '["private","v"]', '["private","v","x","p","q"]', '["private","v",1]', '["private"', '{"a":1}']) {
      expect(parseArmString(other)).toBeUndefined();
    }
  });
});

describe('cache keys', () => {
  it('compare field by field', () => {
    expect(sameCacheKey({ method: 'm', paramsKey: 'p', partition: 'a' }, { method: 'm', paramsKey: 'p', partition: 'a' })).toBe(true);
    expect(sameCacheKey({ method: 'a:b', paramsKey: 'c', partition: '' }, { method: 'a', paramsKey: 'b:c', partition: '' })).toBe(false);
  });

  it('encode injectively where a concatenation would collide', () => {
    const a = encodeCacheKey({ method: 'a:b', paramsKey: 'c', partition: '' });
    const b = encodeCacheKey({ method: 'a', paramsKey: 'b:c', partition: '' });
    const c = encodeCacheKey({ method: 'a', paramsKey: 'b', partition: 'c' });
    const d = encodeCacheKey({ method: 'a","b', paramsKey: '', partition: '' });
    const e = encodeCacheKey({ method: 'a', paramsKey: 'b', partition: '' });
    expect(new Set([a, b, c, d, e]).size).toBe(5);
    expect(JSON.parse(d)).toEqual(['a","b', '', '']);
  });
});
