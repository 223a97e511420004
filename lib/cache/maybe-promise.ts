/**
 * A value now or a value later. Cache stores may answer synchronously (the in-memory store) or
 * with a Promise (a Redis client); the cache chains on either without turning a synchronous
 * answer into a Promise, so a hit on a synchronous store costs no microtask hop.
 */

/** A value, or a Promise-like of it. */
export type MaybePromise<T> = T | PromiseLike<T>;

/** True when `value` is a thenable (a Promise or anything with a `then` method). */
export function isPromiseLike<T>(value: MaybePromise<T>): value is PromiseLike<T> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/** `next(value)` now if `value` is synchronous, else once it resolves. */
export function chain<T, U>(value: MaybePromise<T>, next: (value: T) => MaybePromise<U>): MaybePromise<U> {
  return isPromiseLike(value) ? Promise.resolve(value).then(next) : next(value);
}
