/**
 * How results stay unshared: every result rxmcp hands to a user is deep-frozen once, where it is
 * decoded (`SessionRequest.decode`), cached or not, and then handed out as it is: to the caller
 * that fetched it, to every caller that joined the same fetch, and to every later cache hit.
 * Nobody can change what the next caller gets, and a result looks the same whichever method,
 * era or cache setting produced it.
 *
 * Chosen over copying by measurement (bench/cache.ts): a hit then costs nothing per byte, where
 * a deep copy of a modest `tools/list` result costs tens of microseconds per hit, and a frozen
 * value can be shared by any number of coalesced callers at once; freezing a small tool result
 * costs about 200 nanoseconds. The price: mutating a result throws a `TypeError` in
 * strict-mode code (every ES module and class body) and does nothing in sloppy scripts.
 * `structuredClone(result)` gives a mutable copy.
 *
 * The walk is iterative (an explicit stack), so a result nested 100,000 levels deep (which
 * `JSON.parse` accepts) is frozen like any other, never a `RangeError`.
 */

/** Roots frozen by {@link deepFreeze}, so a value is walked once, not on every hit. */
const frozenRoots = new WeakSet<object>();

/**
 * Freezes `value` and everything reachable through its own properties, in place, and returns it.
 * Objects already frozen are taken as someone else's immutable data and not walked (which also
 * ends cycles); typed arrays, which cannot be frozen, are left as they are. Any depth.
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || frozenRoots.has(value)) return value;
  freezeTree(value);
  frozenRoots.add(value);
  return value;
}

/**
 * True when `value` is a primitive or was deep-frozen by {@link deepFreeze} (every value the
 * response cache holds was). A decoded result is deep-frozen too, by {@link freezeResult}, which
 * does not record it: test it with `Object.isFrozen`.
 */
export function isDeepFrozen(value: unknown): boolean {
  return typeof value !== 'object' || value === null || frozenRoots.has(value);
}

/**
 * Deep-freezes a result as it is decoded, like {@link deepFreeze} but without recording it, which
 * would cost more than the freeze itself (a `WeakSet` insertion per call: about 250 ns of the
 * 450, measured on a small tool result). Handing a value frozen this way to `deepFreeze` later
 * (a cache write) costs O(1): its root is frozen, so it is recorded without a walk.
 */
export function freezeResult<T>(value: T): T {
  if (typeof value === 'object' && value !== null) freezeTree(value);
  return value;
}

/** `Object.prototype.hasOwnProperty`, for objects that have none of their own (a null prototype). */
const hasOwnProperty = Object.prototype.hasOwnProperty;

/**
 * Freezes `root` and what it reaches, depth-first with an explicit stack (no recursion), visiting
 * what `Object.values` returns: an array's items (through `Object.values`, which also gives an
 * array's own non-index properties; an indexed loop measured no faster here), an object's own
 * enumerable string-keyed values (through `for…in` filtered by `hasOwnProperty`, which V8 runs from
 * the object's enum cache in compiled code, where `Object.values` is a call into its C++ runtime
 * and an array per object). It runs on every decoded result: measured (issue 17, stop 27) 2–9k
 * instructions less per call once compiled and 8 % less CPU per call warm, for a larger compile
 * that comes out about even over a process's first 10,000 calls.
 */
function freezeTree(root: object): void {
  if (!freezable(root)) return;
  Object.freeze(root);
  const pending: object[] = [root];
  let next: object | undefined;
  while ((next = pending.pop()) !== undefined) {
    if (Array.isArray(next)) {
      const items = Object.values(next);
      for (let i = 0; i < items.length; i++) {
        const child: unknown = items[i];
        if (freezable(child)) pending.push(Object.freeze(child));
      }
      continue;
    }
    for (const key in next) {
      if (!hasOwnProperty.call(next, key)) continue;
      const child: unknown = (next as Record<string, unknown>)[key];
      if (freezable(child)) pending.push(Object.freeze(child));
    }
  }
}

/** An object not yet frozen that can be (typed arrays and DataViews cannot). */
function freezable(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Object.isFrozen(value) && !ArrayBuffer.isView(value);
}
