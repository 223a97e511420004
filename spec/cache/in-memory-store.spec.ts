import type { CacheEntry } from '../../lib/cache/cache-entry.js';
import type { CacheKey } from '../../lib/cache/cache-key.js';
import { InMemoryResponseCacheStore } from '../../lib/cache/in-memory-store.js';

const key = (paramsKey: string, partition = 'arm', method = 'resources/read'): CacheKey => ({ method, paramsKey, partition });
const entry = (value: unknown): CacheEntry => ({ value, scope: 'private', expiresAt: 1000 });

describe('InMemoryResponseCacheStore (item 62)', () => {
  it('evicts the least recently used: set A, set B, get A, set C evicts B', () => {
    const store = new InMemoryResponseCacheStore({ maxEntries: 2 });
    store.set(key('A'), entry('a'));
    store.set(key('B'), entry('b'));
    expect(store.get(key('A'))?.value).toBe('a');
    store.set(key('C'), entry('c'));
    expect(store.get(key('B'))).toBeUndefined();
    expect(store.get(key('A'))?.value).toBe('a');
    expect(store.get(key('C'))?.value).toBe('c');
    expect(store.size).toBe(2);
  });

  it('lets set refresh recency too', () => {
    const store = new InMemoryResponseCacheStore({ maxEntries: 2 });
    store.set(key('A'), entry('a'));
    store.set(key('B'), entry('b'));
    store.set(key('A'), entry('a2'));
    store.set(key('C'), entry('c'));
    expect(store.get(key('A'))?.value).toBe('a2');
    expect(store.get(key('B'))).toBeUndefined();
  });

  it('evicts nothing when replacing an existing key at the cap', () => {
    const store = new InMemoryResponseCacheStore({ maxEntries: 2 });
    store.set(key('A'), entry('a'));
    store.set(key('B'), entry('b'));
    store.set(key('B'), entry('b2'));
    expect(store.size).toBe(2);
    expect(store.get(key('A'))?.value).toBe('a');
    expect(store.get(key('B'))?.value).toBe('b2');
  });

  it('never evicts with maxEntries 0', () => {
    const store = new InMemoryResponseCacheStore({ maxEntries: 0 });
    for (let i = 0; i < 5000; i++) store.set(key(String(i)), entry(i));
    expect(store.size).toBe(5000);
    expect(store.get(key('0'))?.value).toBe(0);
  });

  it('frees a slot on delete, and clear empties it', () => {
    const store = new InMemoryResponseCacheStore({ maxEntries: 2 });
    store.set(key('A'), entry('a'));
    store.set(key('B'), entry('b'));
    store.delete(key('A'));
    store.delete(key('never stored'));
    store.set(key('C'), entry('c'));
    expect(store.get(key('B'))?.value).toBe('b');
    expect(store.size).toBe(2);
    store.clear();
    expect(store.size).toBe(0);
    expect(store.get(key('B'))).toBeUndefined();
    store.set(key('D'), entry('d'));
    expect(store.get(key('D'))?.value).toBe('d');
  });

  it('keys by the three fields: values that would collide when concatenated stay apart', () => {
    const store = new InMemoryResponseCacheStore();
    store.set({ method: 'a:b', paramsKey: 'c', partition: 'p' }, entry(1));
    store.set({ method: 'a', paramsKey: 'b:c', partition: 'p' }, entry(2));
    store.set({ method: 'a', paramsKey: 'b', partition: 'c:p' }, entry(3));
    expect(store.get({ method: 'a:b', paramsKey: 'c', partition: 'p' })?.value).toBe(1);
    expect(store.get({ method: 'a', paramsKey: 'b:c', partition: 'p' })?.value).toBe(2);
    expect(store.get({ method: 'a', paramsKey: 'b', partition: 'c:p' })?.value).toBe(3);
    expect(store.size).toBe(3);
  });

  it('keeps order right through a long churn (the oldest always goes first)', () => {
    const store = new InMemoryResponseCacheStore({ maxEntries: 3 });
    for (let i = 0; i < 100; i++) {
      store.set(key(String(i), `arm${i % 4}`), entry(i));
      if (i % 5 === 0) store.get(key(String(i - 2), `arm${(i - 2) % 4}`));
    }
    expect(store.size).toBe(3);
    expect(store.get(key('99', 'arm3'))?.value).toBe(99);
    expect(store.get(key('98', 'arm2'))?.value).toBe(98);
    expect(store.get(key('97', 'arm1'))?.value).toBe(97);
    expect(store.get(key('96', 'arm0'))).toBeUndefined();
  });
});
