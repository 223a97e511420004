/**
 * Redirects of the HTTP transports, followed by rxmcp itself instead of by `fetch`, because
 * `fetch` would send the configured headers (`headers`, `auth`, a call's own headers, which may
 * carry API keys and tool arguments) to wherever a 3xx points. Every request goes out with
 * `redirect: 'manual'`; a 3xx to the same origin is followed (at most {@link MAX_REDIRECTS}
 * hops, with fetch's method rules: 303, and 301/302 after a POST, become a GET without body),
 * one to another origin is refused with {@link RedirectRefusedError} unless the policy is
 * `'follow'`, and then only the transport's protocol headers go across, never the configured
 * ones or the credentials.
 *
 * Browsers answer `redirect: 'manual'` with an opaque redirect (status 0, type `opaqueredirect`,
 * no `Location`): the target is hidden, so it cannot be checked. Under `'same-origin'` and
 * `'error'` that is refused (`to` undefined); under `'follow'` the request is sent again with
 * `redirect: 'follow'` and the browser's own rules apply (CORS governs what reaches another
 * origin, and the Fetch standard drops `Authorization` there).
 */
import { RedirectRefusedError } from '../../protocol/http-errors.js';
import type { HttpRequester, HttpResponse } from './requester.js';

/**
 * What the HTTP transports do with a redirect: `'same-origin'` (default) follows redirects within
 * the origin and refuses others, `'follow'` follows every redirect but sends the configured
 * headers and credentials only to the original origin, `'error'` refuses every redirect.
 */
export type RedirectPolicy = 'same-origin' | 'follow' | 'error';

/** The most redirects followed for one request. */
export const MAX_REDIRECTS = 10;

/** The headers of one request, split by whether they may follow a redirect to another origin. */
export interface RequestHeaders {
  /** Every header: the transport's own, the configured ones, the call's, the credentials. */
  readonly all: Record<string, string>;
  /** The transport's own protocol headers only (what may go to another origin). */
  readonly protocol: Record<string, string>;
}

/** One request: its method, body and signal; the headers come separately. */
export interface RedirectingInit {
  readonly method: string;
  readonly body?: string;
  readonly signal: AbortSignal;
}

/**
 * Sends a request through `send` (fetch or undici, see `requester.ts`), following redirects under
 * `policy`; resolves with the first response that is not a redirect one follows (a 3xx without
 * `Location` is returned as it is).
 */
export async function sendWithRedirects(send: HttpRequester, url: URL, init: RedirectingInit, headers: RequestHeaders, policy: RedirectPolicy = 'same-origin'): Promise<HttpResponse> {
  let target = url;
  let method = init.method;
  let body = init.body;
  for (let hops = 0; ; hops++) {
    // the configured headers and the credentials go to the original origin only
    const sent = withoutBodyHeaders(target.origin === url.origin ? headers.all : headers.protocol, body);
    const response = await send({ url: target, method, headers: sent, signal: init.signal, redirect: 'manual', ...(body === undefined ? {} : { body }) });
    if (response.type === 'opaqueredirect') {
      if (policy !== 'follow') throw new RedirectRefusedError(target.href, undefined, 'the browser hides where it leads; allow it with redirect: follow');
      return send({ url: target, method, headers: sent, signal: init.signal, redirect: 'follow', ...(body === undefined ? {} : { body }) });
    }
    if (!isRedirect(response.status)) return response;
    const location = response.headers.get('location');
    if (location === null) return response;
    await response.body?.cancel().catch(() => undefined);
    let next: URL;
    try {
      next = new URL(location, target);
    } catch {
      throw new RedirectRefusedError(target.href, location, 'its Location is not a URL');
    }
    if (next.protocol !== 'http:' && next.protocol !== 'https:') throw new RedirectRefusedError(target.href, next.href, `${next.protocol} is not HTTP`);
    if (policy === 'error') throw new RedirectRefusedError(target.href, next.href, 'redirects are refused (redirect: error)');
    if (policy === 'same-origin' && next.origin !== url.origin) throw new RedirectRefusedError(target.href, next.href, 'it leads to another origin (allow it with redirect: follow)');
    if (hops + 1 > MAX_REDIRECTS) throw new RedirectRefusedError(target.href, next.href, `more than ${MAX_REDIRECTS} redirects`);
    if (response.status === 303 ? method !== 'GET' && method !== 'HEAD' : (response.status === 301 || response.status === 302) && method === 'POST') {
      method = 'GET';
      body = undefined;
    }
    target = next;
  }
}

/** 301, 302, 303, 307, 308. */
function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

/** `headers` without `Content-Type` when the request has no body (a POST turned into a GET). */
function withoutBodyHeaders(headers: Record<string, string>, body: string | undefined): Record<string, string> {
  if (body !== undefined) return headers;
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (name.toLowerCase() !== 'content-type') out[name] = value;
  return out;
}
