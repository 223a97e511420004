/**
 * The address of one cached response. Its own file because both the cache and the shared fetches
 * in flight (`flights.ts`) name it, and neither should import the other for it.
 */

/** Which response: the method, the params that select it, and the negotiated protocol version. */
export interface CacheTarget {
  /** The JSON-RPC method, e.g. `tools/list`. */
  readonly method: string;
  /** `''` (the default) for the cursorless listings, the URI for `resources/read`. */
  readonly paramsKey?: string;
  /** The negotiated protocol version: entries never cross versions, and modern ones honour the server's hints. */
  readonly version: string;
}
