/**
 * The context bag of a request: typed values interceptors read and extend, keyed by
 * {@link ContextKey}s rather than strings, so two interceptors never collide on a name and a
 * value always has its key's type (the idea of Angular's `HttpContextToken`).
 *
 * ```ts
 * const TENANT = createContextKey<string>('tenant', () => 'default');
 * client.callTool$('echo', { text: 'hi' }, { context: new McpContext().set(TENANT, 'acme') });
 * // in an interceptor: request.context.get(TENANT) === 'acme'
 * ```
 *
 * One bag per logical call, shared by every clone of its request (`withParams`, `withHeaders`, …)
 * and by every round and retry, so what an inner interceptor records an outer one can read.
 */

/** A typed key of a {@link McpContext}. Compared by identity: make each key once, at module level. */
export interface ContextKey<T> {
  /** For messages and debugging only. */
  readonly name: string;
  /** The value of a bag that holds none for this key. */
  readonly defaultValue: () => T;
}

/** Makes a context key; `defaultValue` answers `get` on a bag that has no value for it. */
export function createContextKey<T>(name: string, defaultValue: () => T): ContextKey<T> {
  return Object.freeze({ name, defaultValue });
}

/** A request's context bag (see the module doc). */
export class McpContext {
  private readonly values = new Map<ContextKey<unknown>, unknown>();

  /** The value for `key`, or its default (which is then stored, so a mutable default is shared). */
  get<T>(key: ContextKey<T>): T {
    if (this.values.has(key)) return this.values.get(key) as T;
    const value = key.defaultValue();
    this.values.set(key, value);
    return value;
  }

  /** Sets the value for `key`; returns the bag, so sets chain. */
  set<T>(key: ContextKey<T>, value: T): this {
    this.values.set(key, value);
    return this;
  }

  /** True when a value (not the default) was set for `key`. */
  has(key: ContextKey<unknown>): boolean {
    return this.values.has(key);
  }

  /** Removes the value for `key`; returns the bag. */
  delete(key: ContextKey<unknown>): this {
    this.values.delete(key);
    return this;
  }
}
