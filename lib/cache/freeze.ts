/**
 * How cached values stay unshared: each value is deep-frozen once, on its way into the cache, and
 * then handed out as it is: to the caller that fetched it, to every caller that joined the same
 * fetch, and to every later hit. Nobody can change what the next caller gets.
 *
 * Chosen over copying by measurement (bench/cache.ts): a hit then costs nothing per byte, where
 * a deep copy of a modest `tools/list` result costs tens of microseconds per hit, and a frozen
 * value can be shared by any number of coalesced callers at once. The price: mutating a cached
 * result throws a `TypeError` in strict-mode code (every ES module and class body) and does
 * nothing in sloppy scripts. `structuredClone(result)` gives a mutable copy.
 */

/** Roots frozen by {@link deepFreeze}, so a value is walked once, not on every hit. */
const frozenRoots = new WeakSet<object>();

/**
 * Freezes `value` and everything reachable through its own properties, in place, and returns it.
 * Objects already frozen are taken as someone else's immutable data and not walked (which also
 * ends cycles); typed arrays, which cannot be frozen, are left as they are.
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || frozenRoots.has(value)) return value;
  freezeTree(value);
  frozenRoots.add(value);
  return value;
}

/** True when `value` is a primitive or was deep-frozen by {@link deepFreeze}. */
export function isDeepFrozen(value: unknown): boolean {
  return typeof value !== 'object' || value === null || frozenRoots.has(value);
}

function freezeTree(value: object): void {
  if (Object.isFrozen(value) || ArrayBuffer.isView(value)) return;
  Object.freeze(value);
  if (Array.isArray(value)) {
    for (const item of value) if (typeof item === 'object' && item !== null) freezeTree(item);
    return;
  }
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const child = (value as Record<string, unknown>)[key];
    if (typeof child === 'object' && child !== null) freezeTree(child);
  }
}
