/**
 * The error of a cache configuration rxmcp refuses: raised when the cache is built (client
 * construction), never later while a request runs.
 */
import { InvalidOptionError } from '../protocol/errors.js';

/**
 * A cache setting is invalid: a custom store without a `partition`, an empty `targetId`, a
 * negative `defaultTtlMs`, a negative `maxEntries`, or a custom store on a server whose identity
 * cannot be derived (not a URL) and no `targetId`. An {@link InvalidOptionError} whose `option`
 * names the setting (`'cache.defaultTtlMs'`; `'cache'` for the config as a whole).
 */
export class CacheConfigError extends InvalidOptionError {
  /** `'CacheConfigError'`, so logs and `error.name` checks tell this error apart. */
  override name = 'CacheConfigError';

  constructor(message: string, option = 'cache') {
    super(option, message);
  }
}
