/**
 * The error of a cache configuration rxmcp refuses: raised when the cache is built (client
 * construction), never later while a request runs.
 */
import { RxMcpError } from '../protocol/errors.js';

/**
 * A cache setting is invalid: a custom store without a `partition`, an empty `targetId`, a
 * negative `defaultTtlMs`, a negative `maxEntries`, or a custom store on a server whose identity
 * cannot be derived (not a URL) and no `targetId`.
 */
export class CacheConfigError extends RxMcpError {
  override name = 'CacheConfigError';
}
