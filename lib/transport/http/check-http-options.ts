/**
 * The options every network transport shares (`streamableHttp`, `sse`, `websocket`, and a URL
 * given to `Client.connect`), checked by its factory before anything is sent: see
 * `lib/protocol/option-checks.ts` for the rule and the error.
 */
import { checkFunction, checkHeaders, checkInteger, checkObject, checkOneOf, checkUrl, refuseOption } from '../../protocol/option-checks.js';
import type { ClientAuth } from './auth.js';

/** The schemes of an HTTP transport's URL. */
export const HTTP_SCHEMES: readonly string[] = ['http:', 'https:'];

/** The network options every transport takes. */
export interface NetworkOptionsToCheck {
  readonly headers?: unknown;
  readonly fetch?: unknown;
  readonly requester?: unknown;
  readonly auth?: ClientAuth;
  readonly maxMessageBytes?: unknown;
  readonly redirect?: unknown;
}

/**
 * Checks `url` (one of `schemes`) and the shared network options, each named `prefix` + its
 * name (`'sse.maxMessageBytes'`). Returns the parsed URL.
 */
export function checkNetworkTarget(prefix: string, url: unknown, schemes: readonly string[], options: NetworkOptionsToCheck | undefined): URL {
  const parsed = checkUrl('url', url, schemes);
  checkNetworkOptions(prefix, options);
  return parsed;
}

/** Checks the shared network options, each named `prefix` + its name (no prefix for `Client.connect`'s own). */
export function checkNetworkOptions(prefix: string, options: NetworkOptionsToCheck | undefined): void {
  if (options === undefined) return;
  checkObject(prefix === '' ? 'options' : prefix.slice(0, -1), options);
  checkHeaders(`${prefix}headers`, options.headers);
  checkFunction(`${prefix}fetch`, options.fetch);
  checkFunction(`${prefix}requester`, options.requester);
  checkInteger(`${prefix}maxMessageBytes`, options.maxMessageBytes, 1);
  checkOneOf(`${prefix}redirect`, options.redirect, ['same-origin', 'follow', 'error']);
  const auth: unknown = options.auth;
  if (auth !== undefined) {
    checkObject(`${prefix}auth`, auth);
    const { getHeaders, onUnauthorized } = auth as { getHeaders?: unknown; onUnauthorized?: unknown };
    if (typeof getHeaders !== 'function') refuseOption(`${prefix}auth.getHeaders`, 'a function', getHeaders);
    checkFunction(`${prefix}auth.onUnauthorized`, onUnauthorized);
  }
}
