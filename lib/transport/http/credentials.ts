/**
 * The one place where credentials meet a network request: every HTTP request of the Streamable
 * HTTP and legacy SSE transports and the WebSocket upgrade get their credentials here (asked from
 * `auth` per request, so tokens can rotate), and a 401 or 403 is answered here (offered to
 * `auth.onUnauthorized` once; when it asks for it, the request goes again with fresh credentials).
 * An OAuth provider plugs in behind `ClientAuth` and needs nothing from the transports.
 *
 * The credentials join the request's configured headers, never its protocol headers, so the
 * redirect rules (`redirects.ts`) keep them to the original origin.
 */
import type { ClientAuth } from './auth.js';
import type { RedirectingInit, RequestHeaders } from './redirects.js';
import { challengeOf, discardBody, isUnauthorized } from './response-errors.js';
import type { HttpResponse } from './requester.js';

/** What `auth.onUnauthorized` is told about a refusal. */
export interface UnauthorizedContext {
  readonly status: number;
  readonly challenge: string | undefined;
  readonly url: string;
  /** The credentials the refused request carried (what `auth.getHeaders` gave for it), so a hook can tell a stale token from the current one. */
  readonly credentials?: Readonly<Record<string, string>>;
  /** The refusal's `DPoP-Nonce` header (RFC 9449 §9), if it had one. */
  readonly dpopNonce?: string;
}

/** The headers of one request before its credentials are added. */
export interface HeaderSets {
  /** The transport's own protocol headers: the only ones that may follow a redirect to another origin. */
  readonly protocol: Readonly<Record<string, string>>;
  /** Every header of the request (the protocol ones included), merged in the transport's order of precedence. */
  readonly configured: Readonly<Record<string, string>>;
}

/** Sends one request with its final headers (following redirects under the transport's policy); `init` is passed through as given. */
export type HeaderedSend<I extends RedirectingInit = RedirectingInit> = (url: URL, init: I, headers: RequestHeaders) => Promise<HttpResponse>;

/** Sends one request with credentials; see {@link authorizedFetch}. */
export type AuthorizedFetch<I extends RedirectingInit = RedirectingInit> = (
  url: URL,
  init: I,
  headers: HeaderSets,
  options?: { readonly answerUnauthorized?: boolean },
) => Promise<HttpResponse>;

/**
 * Wraps `send` so that each request carries the credentials `auth` gives now (added to the
 * configured headers; a credential replaces a configured header of the same name, whatever its
 * case) and a 401/403 is offered to `auth.onUnauthorized` once: when it resolves `true`, the
 * refused response is let go and the request sent again with fresh credentials. Resolves with
 * the last response; a refusal that stands is the caller's to report. `answerUnauthorized: false`
 * sends the request once (the refusal goes straight back).
 */
export function authorizedFetch<I extends RedirectingInit>(send: HeaderedSend<I>, auth: ClientAuth | undefined): AuthorizedFetch<I> {
  return async (url, init, headers, options) => {
    // one retry, plus one more for a DPoP nonce challenge (RFC 9449 §9: that retry answers the
    // server's nonce, not a refusal of the credentials)
    for (let retries = 0, nonceRetried = false; ; retries++) {
      const credentials = await credentialsOf(auth, { method: init.method, url: url.href });
      const all = withCredentials(headers.configured, credentials);
      const response = await send(url, init, { all, protocol: { ...headers.protocol } });
      if (options?.answerUnauthorized === false || !isUnauthorized(response)) return response;
      const dpopNonce = response.headers.get('dpop-nonce') ?? undefined;
      const nonceRetry = dpopNonce !== undefined && !nonceRetried;
      if (retries >= 1 && !nonceRetry) return response;
      if (nonceRetry && retries >= 1) nonceRetried = true;
      const context: UnauthorizedContext = {
        status: response.status,
        challenge: challengeOf(response),
        url: url.href,
        ...(credentials !== undefined && { credentials }),
        ...(dpopNonce !== undefined && { dpopNonce }),
      };
      if (!(await offerUnauthorized(auth, context))) return response;
      await discardBody(response);
    }
  };
}

/**
 * The headers of a WebSocket upgrade: `configured`, then the credentials `auth` gives now (which
 * win); `undefined` when there are none at all (a browser WebSocket can then be used).
 */
export async function upgradeHeaders(configured: Readonly<Record<string, string>> | undefined, auth: ClientAuth | undefined, url?: string): Promise<Record<string, string> | undefined> {
  const credentials = await credentialsOf(auth, url === undefined ? undefined : { method: 'GET', url });
  if (configured === undefined && credentials === undefined) return undefined;
  return withCredentials(configured ?? {}, credentials);
}

/**
 * Offers a refusal (401/403) to `auth.onUnauthorized`: whether to try once more. `false` when
 * there is no such hook. A hook that throws rejects.
 */
export async function offerUnauthorized(auth: ClientAuth | undefined, context: UnauthorizedContext): Promise<boolean> {
  if (auth?.onUnauthorized === undefined) return false;
  return auth.onUnauthorized(context);
}

/** The credentials of one request, asked for now; `undefined` without `auth`. */
async function credentialsOf(auth: ClientAuth | undefined, request: { readonly method: string; readonly url: string } | undefined): Promise<Readonly<Record<string, string>> | undefined> {
  return auth === undefined ? undefined : auth.getHeaders(request);
}

/** `configured` with `credentials` added; a credential replaces a header of the same name in any case. */
function withCredentials(configured: Readonly<Record<string, string>>, credentials: Readonly<Record<string, string>> | undefined): Record<string, string> {
  const all: Record<string, string> = { ...configured };
  if (credentials === undefined) return all;
  const names = new Set(Object.keys(credentials).map((name) => name.toLowerCase()));
  for (const name of Object.keys(all)) if (names.has(name.toLowerCase())) delete all[name];
  return Object.assign(all, credentials);
}
