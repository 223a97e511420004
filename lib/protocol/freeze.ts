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

/**
 * Freezes `root` and what it reaches, depth-first with an explicit stack (no recursion). One
 * loop over `Object.values` serves arrays and objects alike (an object's own enumerable string
 * keys, what `for…in` with `Object.hasOwn` visits; an array's items): it runs on every decoded
 * result, and this small body is what the JIT compiles early and cheaply.
 */
function freezeTree(root: object): void {
  if (!freezable(root)) return;
  Object.freeze(root);
  const pending: object[] = [root];
  let next: object | undefined;
  while ((next = pending.pop()) !== undefined) {
    const children = Object.values(next);
    for (let i = 0; i < children.length; i++) {
      const child: unknown = children[i];
      if (freezable(child)) pending.push(Object.freeze(child));
    }
  }
}

/** An object not yet frozen that can be (typed arrays and DataViews cannot). */
function freezable(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Object.isFrozen(value) && !ArrayBuffer.isView(value);
}
